/**
 * Triggers: QTasks' plugin model. A trigger is a name fired with a map of values; the plugins'
 * {@link io.pluginkit.api.trigger.TriggerHandler}s (and
 * {@link io.pluginkit.api.trigger.AsyncTriggerHandler}s) registered for that name run first, then
 * the global ones (registered without a name), each group in {@code service.ranking} order (highest
 * first), then bundle install order. A handler returns {@code null} to keep the values, or a map of
 * replacements ({@code new_args}, {@code new_result}, ...: {@code new_x} replaces the value
 * {@code x}); the next handler sees the values as replaced so far, the last replacement wins and the
 * caller gets the final values. A {@link io.pluginkit.api.trigger.PluginTriggerError} ends the chain.
 * <p>
 * Plugins fire their own triggers through the {@link io.pluginkit.api.trigger.Triggers} service;
 * the task runner fires QTasks' own names around every task run (see {@code io.pluginkit.api.task}).
 */
@Export
@Version("1.0.0")
package io.pluginkit.api.trigger;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
