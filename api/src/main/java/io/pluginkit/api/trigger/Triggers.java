package io.pluginkit.api.trigger;

import java.util.Map;
import java.util.concurrent.CompletionStage;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Fires triggers: QTasks' {@code _plugin_trigger(name, **kwargs)}, as a service the runtime provides
 * to plugins (reference it in a component). The enabled plugins' handlers of that name run first,
 * then the global ones, each in {@code service.ranking} then install order; each sees the values as
 * the previous ones replaced them.
 * <p>
 * Firing reads an immutable snapshot of the handlers: no lock, no service lookup, and nothing
 * allocated per handler while handlers keep the values. Handlers that go away during a fire finish
 * it; new ones join the next.
 */
@ProviderType
public interface Triggers {

	/**
	 * Fires a trigger and returns the values as the handlers left them, on the caller's thread
	 * (async handlers are waited for, each within the trigger timeout).
	 *
	 * @param name the trigger, e.g. {@code my_plugin_order_placed}
	 * @param values the values handlers see; pass an immutable map ({@code Map.of(...)}): handlers get
	 *            it as it is
	 * @return the final values: {@code values} itself when no handler replaced anything, else a new
	 *         read-only map
	 * @throws PluginTriggerError when a handler ended the chain with one
	 */
	Map<String, Object> fire(String name, Map<String, Object> values);

	/**
	 * Fires a trigger for an async caller: sync handlers run on the calling thread until the first
	 * async handler, the rest when its stage completes.
	 *
	 * @return a stage completed with the final values, or exceptionally with the
	 *         {@link PluginTriggerError} that ended the chain
	 */
	CompletionStage<Map<String, Object>> fireAsync(String name, Map<String, Object> values);
}
