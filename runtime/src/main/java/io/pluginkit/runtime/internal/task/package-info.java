/**
 * The task runner (DESIGN §5, §7): the enabled plugins' {@code Task}s by name
 * ({@link io.pluginkit.runtime.internal.task.TaskRunner}), run on a bounded pool with a bounded queue,
 * retries and timeouts, QTasks' trigger names fired around each run
 * ({@link io.pluginkit.runtime.internal.task.RunExecution}), recent runs kept in a bounded
 * {@link io.pluginkit.runtime.internal.task.RunHistory}, and {@code /api/tasks}
 * ({@link io.pluginkit.runtime.internal.task.TaskServlet}).
 */
package io.pluginkit.runtime.internal.task;
