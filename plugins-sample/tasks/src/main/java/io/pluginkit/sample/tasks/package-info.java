/**
 * QTasks' task example, ported: the tasks {@code sum} ({@code {"numbers":[1,2,3]}} gives
 * {@code {"result":6}}) and {@code divide} ({@code {"a":6,"b":3}} gives {@code {"result":2}}), which end
 * with a {@link io.pluginkit.api.trigger.PluginTriggerError} on a non-number or a division by zero.
 */
@Plugin(name = "tasks", author = "PluginKit", description = "QTasks tasks: sum and divide, ending with PluginTriggerError on bad input",
	url = "https://github.com/pluginkit/pluginkit", license = "Apache-2.0", readmeFile = "README.md")
package io.pluginkit.sample.tasks;

import io.pluginkit.api.Plugin;
