package io.pluginkit.runtime.internal.registry;

import java.time.Instant;
import java.util.Set;

/**
 * What the registry remembers of one plugin bundle beyond what the framework says. Confined to
 * the registry's writer thread: nothing else reads or writes it.
 */
final class PluginEntry {

	final long bundleId;
	PluginMetadata metadata;
	/** When the plugin entered its current state. */
	Instant since = Instant.now();
	/** Why the last start failed (activator, resolution, component), until it is started again. */
	String startError;
	/** Service interfaces the plugin waits for: it is tried again when one is registered. */
	Set<String> waitingFor = Set.of();
	/** Why it was quarantined; it stays off until an admin enables or updates it. */
	String quarantine;
	/** SHA-256 of the jar it was last installed or updated from, when PluginKit did it. */
	String contentSha;
	/** What its component descriptors say: the services they reference, whether they need configuration. */
	ComponentDiagnosis.Outline outline = ComponentDiagnosis.Outline.UNKNOWN;
	/** What the registry showed last, or {@code null} before the first snapshot. */
	PluginInfo shown;

	PluginEntry(long bundleId, PluginMetadata metadata) {
		this.bundleId = bundleId;
		this.metadata = metadata;
	}

	/** The plugin's name when its {@code Plugin-Name} is valid, else its bundle id, for messages. */
	String displayName() {
		return metadata.name() != null && PluginMetadata.NAME.matcher(metadata.name()).matches() ? metadata.name()
			: String.valueOf(bundleId);
	}

	/** Whether its metadata is valid (it may run). */
	boolean valid() {
		return metadata.problem() == null;
	}
}
