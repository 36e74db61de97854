package io.pluginkit.testing.plugins;

import io.pluginkit.api.background.BackgroundContext;
import io.pluginkit.api.background.BackgroundService;

/** A test plugin's background service that crashes every time it starts. */
public class CrashingBackground implements BackgroundService {

	public void activate() {
	}

	@Override
	public void start(BackgroundContext context) {
		throw new IllegalStateException("heater broke");
	}
}
