package io.pluginkit.api.trigger;

import java.util.Map;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * A plugin's handler of triggers, QTasks' {@code BasePlugin.trigger(name, **kwargs)}: register it as
 * a Declarative Services component providing this interface, for the triggers named by
 * {@link PluginTrigger @PluginTrigger} (service property {@value #TRIGGER}, one or more names), or
 * for every trigger when it has no name (a global handler). It is live while its plugin is enabled.
 *
 * <pre>
 * &#64;Component
 * &#64;PluginTrigger("task_executor_args_replace")
 * public class DropNonNumbers implements TriggerHandler {
 *     public Map&lt;String, Object&gt; trigger(String name, Map&lt;String, Object&gt; values) {
 *         return Map.of("new_args", ...); // or null to keep the values
 *     }
 * }
 * </pre>
 *
 * On {@link Triggers#fire}, the handlers named for the trigger run first, then the global ones,
 * each group in {@code service.ranking} order (highest first), then bundle install order, on the
 * thread of the caller (the task runner's worker for the task triggers).
 *
 * @see AsyncTriggerHandler for a handler that answers later
 */
@ConsumerType
public interface TriggerHandler {

	/** The service property naming the triggers a handler is for (String or String[]); absent = every trigger. */
	String TRIGGER = "pluginkit.trigger";

	/**
	 * Handles one firing of a trigger.
	 *
	 * @param name the trigger fired, e.g. {@code task_executor_args_replace}
	 * @param values the values as the previous handlers left them (read-only)
	 * @return {@code null} to keep the values, or replacements: an entry {@code new_x} replaces (or
	 *         adds) the value {@code x} for the next handlers and the caller; other entries are ignored
	 * @throws PluginTriggerError to end the chain: no later handler runs and the caller gets the error
	 *             (its reason, and the replacement result it may carry)
	 * @throws Exception any other failure: counted against the handler's plugin (shown by
	 *             {@code plugin:list} and {@code plugin:info}) and skipped, the chain goes on with the
	 *             values unchanged
	 */
	Map<String, Object> trigger(String name, Map<String, Object> values) throws Exception;
}
