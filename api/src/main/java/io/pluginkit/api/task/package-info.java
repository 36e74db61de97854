/**
 * Tasks: QTasks' tasks, run by PluginKit's task runner. A plugin registers a
 * {@link io.pluginkit.api.task.Task} component named by {@link io.pluginkit.api.task.PluginTask @PluginTask};
 * {@code POST /api/tasks/{name}} (JSON arguments in, JSON result out), Gogo {@code task:run} or
 * another plugin runs it on a bounded worker pool, with retries. Around each run the runtime fires
 * QTasks' trigger names, in this order:
 * <ol>
 * <li>{@code task_executor_args_replace} with {@code task}, {@code run}, {@code args}: handlers may
 * replace the arguments ({@code new_args});
 * <li>{@code worker_execute_before} with {@code task}, {@code run}, {@code args};
 * <li>the task runs; when it raises {@link io.pluginkit.api.trigger.PluginTriggerError},
 * {@code task_executor_run_task_trigger_error} with {@code task}, {@code run}, {@code args},
 * {@code reason} (and {@code result} when the error carries one): handlers may give it a result
 * ({@code new_result}), which makes the run succeed; when it fails otherwise and retries are left,
 * {@code worker_task_error_retry} with {@code task}, {@code run}, {@code args}, {@code attempt},
 * {@code error}, then it runs again after a backoff;
 * <li>{@code task_executor_run_task} with {@code task}, {@code run}, {@code args}, {@code result}
 * (a successful run): handlers may replace the result ({@code new_result});
 * <li>{@code worker_execute_after} with {@code task}, {@code run}, {@code args}, {@code status} and
 * {@code result} or {@code reason}.
 * </ol>
 * Values are JSON-shaped Java objects: {@code Map<String, Object>}, {@code List<Object>},
 * {@code String}, {@code Long} (whole numbers), {@code Double}, {@code Boolean}, {@code null}.
 */
@Export
@Version("1.0.0")
package io.pluginkit.api.task;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
