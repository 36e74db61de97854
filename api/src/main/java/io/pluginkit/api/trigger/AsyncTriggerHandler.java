package io.pluginkit.api.trigger;

import java.util.Map;
import java.util.concurrent.CompletionStage;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * A trigger handler that answers later, QTasks' {@code async def trigger}: the same contract as
 * {@link TriggerHandler} (same {@value TriggerHandler#TRIGGER} property, same order, same return
 * rules), with the replacements delivered by a {@link CompletionStage}. Register it as a component
 * providing this interface. Sync and async handlers run in one chain: a sync caller
 * ({@link Triggers#fire}) waits for each stage, an async caller ({@link Triggers#fireAsync}) is
 * answered when the last stage completes. A stage that does not complete within the trigger
 * timeout (ConfigAdmin {@code pluginkit.triggers}, {@code pluginkit.trigger.timeout.ms}) counts as a
 * failure of its plugin and is skipped.
 */
@ConsumerType
public interface AsyncTriggerHandler {

	/**
	 * Handles one firing of a trigger, asynchronously.
	 *
	 * @param name the trigger fired
	 * @param values the values as the previous handlers left them (read-only)
	 * @return a stage completed with {@code null} (keep the values) or the replacements
	 *         ({@code new_x} replaces {@code x}), or completed exceptionally with a
	 *         {@link PluginTriggerError} to end the chain; a {@code null} stage keeps the values
	 */
	CompletionStage<Map<String, Object>> trigger(String name, Map<String, Object> values);
}
