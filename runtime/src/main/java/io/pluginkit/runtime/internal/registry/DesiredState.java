package io.pluginkit.runtime.internal.registry;

/**
 * What a plugin should be, by DESIGN §4's precedence: an admin decision, else its
 * {@code Plugin-State} header, else enabled; and never running while its metadata is invalid
 * or it is quarantined.
 */
final class DesiredState {

	private DesiredState() {
	}

	/**
	 * Whether the plugin should run.
	 *
	 * @param metadata its headers, checked
	 * @param decision the admin decision, or {@code null} when none
	 * @param quarantined whether it was quarantined (until an admin enables or updates it)
	 */
	static boolean shouldRun(PluginMetadata metadata, Boolean decision, boolean quarantined) {
		return metadata.problem() == null && !quarantined && wantsEnabled(metadata, decision);
	}

	/** The enabled/disabled the admin or the plugin asks for, whatever keeps it from running. */
	static boolean wantsEnabled(PluginMetadata metadata, Boolean decision) {
		return decision != null ? decision : metadata.enabledByDefault();
	}

	/**
	 * Whether a start or stop that someone else did to the bundle (plain Felix {@code start} or
	 * {@code stop}) is an admin decision to record: only when it goes against what the plugin
	 * should be now.
	 */
	static boolean isNewDecision(boolean nowRunning, PluginMetadata metadata, Boolean decision) {
		return metadata.problem() == null && nowRunning != wantsEnabled(metadata, decision);
	}
}
