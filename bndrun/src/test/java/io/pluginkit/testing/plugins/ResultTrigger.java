package io.pluginkit.testing.plugins;

import java.util.Map;

import io.pluginkit.api.trigger.TriggerHandler;

/** A test plugin's trigger handler that replaces {@code result} with its {@code result} property. */
public class ResultTrigger implements TriggerHandler {

	private volatile String result;

	public void activate(Map<String, Object> properties) {
		result = String.valueOf(properties.get("result"));
	}

	@Override
	public Map<String, Object> trigger(String name, Map<String, Object> values) {
		return Map.of("new_result", result);
	}
}
