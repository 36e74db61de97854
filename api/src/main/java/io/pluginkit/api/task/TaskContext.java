package io.pluginkit.api.task;

import java.util.Map;

import org.osgi.annotation.versioning.ProviderType;

import io.pluginkit.api.trigger.PluginTriggerError;

/** One run of a {@link Task}, as the task sees it: QTasks' {@code self.ctx}. */
@ProviderType
public interface TaskContext {

	/** The task's name. */
	String task();

	/** The run's id, as {@code GET /api/tasks/runs/{id}} and {@code task:status} know it. */
	String runId();

	/** The arguments, after {@code task_executor_args_replace} (read-only). */
	Map<String, Object> args();

	/** Which attempt this is: 1, then 2... on retries. */
	int attempt();

	/**
	 * Whether the run was cancelled (by an admin, its timeout or its plugin being disabled): a long
	 * task checks it (or its thread's interrupt flag) and returns.
	 */
	boolean cancelled();

	/**
	 * Ends the run with {@code reason}, like QTasks' {@code self.ctx.plugin_error(reason)}: always
	 * throws a {@link PluginTriggerError}. Declared to return it so that
	 * {@code throw ctx.pluginError(...)} reads as the end it is.
	 *
	 * @throws PluginTriggerError always
	 */
	PluginTriggerError pluginError(String reason);
}
