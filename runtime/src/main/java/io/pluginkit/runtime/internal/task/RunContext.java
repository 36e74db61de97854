package io.pluginkit.runtime.internal.task;

import java.util.Map;

import io.pluginkit.api.task.TaskContext;
import io.pluginkit.api.trigger.PluginTriggerError;

/** What a task sees of its run. */
final class RunContext implements TaskContext {

	private final TaskRun run;

	RunContext(TaskRun run) {
		this.run = run;
	}

	@Override
	public String task() {
		return run.task();
	}

	@Override
	public String runId() {
		return run.id();
	}

	@Override
	public Map<String, Object> args() {
		return run.args();
	}

	@Override
	public int attempt() {
		return run.attempt();
	}

	@Override
	public boolean cancelled() {
		return run.watch().cancelled();
	}

	@Override
	public PluginTriggerError pluginError(String reason) {
		throw new PluginTriggerError(reason);
	}
}
