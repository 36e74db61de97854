package io.pluginkit.testing.plugins;

import java.util.Map;

import io.pluginkit.api.trigger.TriggerHandler;

/** A test plugin's trigger handler that throws on every trigger it is named for. */
public class ThrowingTrigger implements TriggerHandler {

	public void activate() {
	}

	@Override
	public Map<String, Object> trigger(String name, Map<String, Object> values) {
		throw new IllegalStateException("trigger exploded");
	}
}
