package io.pluginkit.testing.plugins;

import io.pluginkit.api.event.Event;
import io.pluginkit.api.event.EventListener;

/** A test plugin's event listener that never returns from an event (until interrupted). */
public class HangingListener implements EventListener {

	public void activate() {
	}

	@Override
	public void handle(Event event) throws InterruptedException {
		Thread.sleep(Long.MAX_VALUE);
	}
}
