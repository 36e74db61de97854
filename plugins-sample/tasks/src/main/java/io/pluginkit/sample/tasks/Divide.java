package io.pluginkit.sample.tasks;

import java.util.Map;

import org.osgi.service.component.annotations.Component;

import io.pluginkit.api.task.PluginTask;
import io.pluginkit.api.task.Task;
import io.pluginkit.api.task.TaskContext;
import io.pluginkit.api.trigger.PluginTriggerError;

/**
 * {@code divide}: {@code {"a":6,"b":3}} gives {@code {"result":2}}; {@code b} = 0 raises
 * {@link PluginTriggerError} {@code division by zero}, as QTasks'
 * {@code raise TaskPluginTriggerError(...)}.
 */
@Component
@PluginTask("divide")
public class Divide implements Task {

	@Override
	public Object run(TaskContext ctx) {
		double a = number(ctx.args(), "a");
		double b = number(ctx.args(), "b");
		if (b == 0) {
			throw new PluginTriggerError("division by zero");
		}
		return Map.of("result", Numbers.json(a / b));
	}

	private static double number(Map<String, Object> args, String name) {
		if (args.get(name) instanceof Number n) {
			return n.doubleValue();
		}
		throw new PluginTriggerError("not a number: " + name + " = " + args.get(name));
	}
}
