package io.pluginkit.api.task;

import org.osgi.annotation.versioning.ConsumerType;

import io.pluginkit.api.trigger.PluginTriggerError;

/**
 * A task, QTasks' {@code @app.task}: register it as a Declarative Services component providing this
 * interface, named by {@link PluginTask @PluginTask} (service property {@value #NAME}). It runs on a
 * worker of the task runner while its plugin is enabled; when the plugin is disabled during a run,
 * the run is cancelled (the worker thread is interrupted) with that reason.
 *
 * <pre>
 * &#64;Component
 * &#64;PluginTask("sum")
 * public class Sum implements Task {
 *     public Object run(TaskContext ctx) {
 *         long sum = 0;
 *         for (Object n : (List&lt;?&gt;) ctx.args().get("numbers")) {
 *             if (!(n instanceof Number number)) {
 *                 throw ctx.pluginError("not a number: " + n);
 *             }
 *             sum += number.longValue();
 *         }
 *         return Map.of("result", sum);
 *     }
 * }
 * </pre>
 */
@ConsumerType
public interface Task {

	/** The service property naming a task: unique among enabled plugins (the highest ranking wins). */
	String NAME = "pluginkit.task";

	/**
	 * Runs the task once, on a worker thread of the runner.
	 *
	 * @param ctx the run: its arguments (after {@code task_executor_args_replace}), its id, attempt
	 *            and cancellation
	 * @return the result: JSON-shaped ({@code Map}, {@code List}, {@code String}, {@code Number},
	 *         {@code Boolean} or {@code null})
	 * @throws PluginTriggerError to end the run with a reason (HTTP 422), unless a
	 *             {@code task_executor_run_task_trigger_error} handler replaces its result
	 * @throws InterruptedException when the run is cancelled or timed out while the task waits
	 * @throws Exception any other failure: retried while retries are left, then the run ends
	 *             {@code ERROR} (HTTP 500) and is counted against the task's plugin
	 */
	Object run(TaskContext ctx) throws Exception;
}
