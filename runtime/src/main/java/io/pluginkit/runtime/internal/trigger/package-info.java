/**
 * Triggers (DESIGN §5, QTasks' named and global triggers): {@link io.pluginkit.runtime.internal.trigger.TriggerChain}
 * holds the enabled plugins' handlers in a table swapped on change and runs a fire through them
 * (named, then global; QTasks' return rules), {@link io.pluginkit.runtime.internal.trigger.HandlerFailures}
 * counts what handlers do wrong against their plugins, and
 * {@link io.pluginkit.runtime.internal.trigger.TriggerService} is the {@code Triggers} service and
 * the {@code plugin:info} report.
 */
package io.pluginkit.runtime.internal.trigger;
