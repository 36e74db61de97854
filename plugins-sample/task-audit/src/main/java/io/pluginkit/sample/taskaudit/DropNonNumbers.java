package io.pluginkit.sample.taskaudit;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.osgi.service.component.annotations.Component;

import io.pluginkit.api.trigger.PluginTrigger;
import io.pluginkit.api.trigger.TriggerHandler;

/**
 * {@code task_executor_args_replace}: {@code sum}'s {@code numbers} without what is not a number, so
 * that {@code {"numbers":[1,"x"]}} sums to 1. Other tasks' arguments are kept ({@code null}).
 */
@Component
@PluginTrigger("task_executor_args_replace")
public class DropNonNumbers implements TriggerHandler {

	@Override
	public Map<String, Object> trigger(String name, Map<String, Object> values) {
		if (!"sum".equals(values.get("task")) || !(values.get("args") instanceof Map<?, ?> args)
			|| !(args.get("numbers") instanceof List<?> numbers)) {
			return null;
		}
		List<Object> kept = new ArrayList<>();
		for (Object n : numbers) {
			if (n instanceof Number) {
				kept.add(n);
			}
		}
		if (kept.size() == numbers.size()) {
			return null;
		}
		Map<String, Object> newArgs = new HashMap<>();
		args.forEach((k, v) -> newArgs.put(String.valueOf(k), v));
		newArgs.put("numbers", kept);
		return Map.of("new_args", newArgs);
	}
}
