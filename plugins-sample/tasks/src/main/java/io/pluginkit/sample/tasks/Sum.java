package io.pluginkit.sample.tasks;

import java.util.List;
import java.util.Map;

import org.osgi.service.component.annotations.Component;

import io.pluginkit.api.task.PluginTask;
import io.pluginkit.api.task.Task;
import io.pluginkit.api.task.TaskContext;

/**
 * {@code sum}: {@code {"numbers":[1,2,3]}} gives {@code {"result":6}}; an element that is not a number
 * ends the run through the context, as QTasks' {@code self.ctx.plugin_error(...)}, with the reason
 * {@code not a number: x}.
 */
@Component
@PluginTask("sum")
public class Sum implements Task {

	@Override
	public Object run(TaskContext ctx) {
		Object numbers = ctx.args().get("numbers");
		if (!(numbers instanceof List<?> list)) {
			throw ctx.pluginError("numbers must be a list, e.g. {\"numbers\":[1,2,3]}");
		}
		double sum = 0;
		for (Object n : list) {
			if (!(n instanceof Number number)) {
				throw ctx.pluginError("not a number: " + n);
			}
			sum += number.doubleValue();
		}
		return Map.of("result", Numbers.json(sum));
	}
}
