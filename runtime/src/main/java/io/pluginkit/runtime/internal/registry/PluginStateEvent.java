package io.pluginkit.runtime.internal.registry;

/**
 * A plugin changed: installed ({@code previous} is {@code null}), changed state, reason or
 * version, or uninstalled ({@code current} has the state {@link PluginState#UNINSTALLED}).
 * Delivered asynchronously, in order, to the registry's listeners.
 *
 * @param previous what the registry showed before, or {@code null} for a new plugin
 * @param current what it shows now
 * @param cause what made the change, in a user's words (e.g. {@code plugin:disable},
 *            {@code hot-deploy}, the failure's reason)
 */
public record PluginStateEvent(PluginInfo previous, PluginInfo current, String cause) {

	/** The plugin's name. */
	public String name() {
		return current.name();
	}

	/** Whether the state itself changed (not only the reason or the version). */
	public boolean stateChanged() {
		return previous == null || previous.state() != current.state();
	}
}
