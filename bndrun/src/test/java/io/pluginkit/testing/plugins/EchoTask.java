package io.pluginkit.testing.plugins;

import java.util.Map;

import io.pluginkit.api.task.Task;
import io.pluginkit.api.task.TaskContext;

/** A test plugin's task: answers {@code {"args":...,"attempt":n}}. */
public class EchoTask implements Task {

	public void activate() {
	}

	@Override
	public Object run(TaskContext ctx) {
		return Map.of("args", ctx.args(), "attempt", ctx.attempt());
	}
}
