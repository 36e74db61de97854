package io.pluginkit.testing.plugins;

import java.util.Map;

import io.pluginkit.api.trigger.TriggerHandler;

/** A test plugin's trigger handler that never answers (until interrupted). */
public class HangingTrigger implements TriggerHandler {

	public void activate() {
	}

	@Override
	public Map<String, Object> trigger(String name, Map<String, Object> values) throws InterruptedException {
		Thread.sleep(Long.MAX_VALUE);
		return null;
	}
}
