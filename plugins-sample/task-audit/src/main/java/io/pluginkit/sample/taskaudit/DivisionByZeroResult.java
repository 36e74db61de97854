package io.pluginkit.sample.taskaudit;

import java.util.LinkedHashMap;
import java.util.Map;

import org.osgi.service.component.annotations.Component;

import io.pluginkit.api.trigger.PluginTrigger;
import io.pluginkit.api.trigger.TriggerHandler;

/**
 * {@code task_executor_run_task_trigger_error}: {@code divide}'s {@code division by zero} gets the
 * result {@code {"result":null,"error":"division by zero"}}, so the run succeeds (HTTP 200) instead of
 * ending with 422. Other errors are kept.
 */
@Component
@PluginTrigger("task_executor_run_task_trigger_error")
public class DivisionByZeroResult implements TriggerHandler {

	static final String REASON = "division by zero";

	@Override
	public Map<String, Object> trigger(String name, Map<String, Object> values) {
		if (!"divide".equals(values.get("task")) || !REASON.equals(values.get("reason"))) {
			return null;
		}
		Map<String, Object> result = new LinkedHashMap<>();
		result.put("result", null);
		result.put("error", REASON);
		return Map.of("new_result", result);
	}
}
