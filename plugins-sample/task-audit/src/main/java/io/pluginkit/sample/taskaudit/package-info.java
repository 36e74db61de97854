/**
 * QTasks' trigger plugin example, ported: a named {@code task_executor_args_replace} trigger that drops
 * non-numbers from {@code sum}'s arguments, a named {@code task_executor_run_task_trigger_error}
 * trigger that gives {@code divide}'s division by zero a result, and a global trigger that counts every
 * trigger fired ({@code GET /task-audit/stats}).
 */
@Plugin(name = "task-audit", author = "PluginKit",
	description = "QTasks trigger plugin: cleans sum's arguments, answers divide's division by zero, counts every trigger",
	url = "https://github.com/pluginkit/pluginkit", license = "Apache-2.0", readmeFile = "README.md")
package io.pluginkit.sample.taskaudit;

import io.pluginkit.api.Plugin;
