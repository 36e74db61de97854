package io.pluginkit.testing.plugins;

import io.pluginkit.api.background.BackgroundContext;
import io.pluginkit.api.background.BackgroundService;

/** A test plugin's background service whose initialize throws. */
public class UninitializableBackground implements BackgroundService {

	public void activate() {
	}

	@Override
	public void initialize() {
		throw new IllegalStateException("no water supply");
	}

	@Override
	public void start(BackgroundContext context) {
		throw new AssertionError("never started");
	}
}
