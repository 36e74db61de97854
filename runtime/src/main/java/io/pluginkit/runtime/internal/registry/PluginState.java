package io.pluginkit.runtime.internal.registry;

/** The states of DESIGN §4. */
public enum PluginState {
	/** Present, not resolved yet. */
	INSTALLED,
	/** Bundle active, components running. */
	ENABLED,
	/** Bundle resolved and stopped. */
	DISABLED,
	/** Cannot run; the reason says why. */
	FAILED,
	/** Gone (transient: shown in lifecycle events only). */
	UNINSTALLED
}
