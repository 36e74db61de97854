package io.pluginkit.testing.plugins;

import java.time.Duration;

import io.pluginkit.api.background.BackgroundContext;
import io.pluginkit.api.background.BackgroundService;

/** A test plugin's background service that waits until cancelled. */
public class SleepingBackground implements BackgroundService {

	public void activate() {
	}

	@Override
	public void start(BackgroundContext context) {
		while (context.sleep(Duration.ofMillis(10))) {
			// working
		}
	}
}
