package io.pluginkit.runtime.internal.registry;

import java.util.Map;

import org.osgi.framework.Bundle;
import org.osgi.framework.wiring.FrameworkWiring;

/**
 * The state and reason a user sees for a plugin, from its bundle's state and what the registry
 * knows: invalid metadata, a quarantine, why its last start failed, what does not resolve, the
 * problems its running contributions report.
 */
final class PluginStateView {

	private final FrameworkWiring wiring;

	PluginStateView(FrameworkWiring wiring) {
		this.wiring = wiring;
	}

	/**
	 * @param reported problems reported for the running plugin (by contribution), may be empty
	 * @param warning what does not stop the plugin (a component waiting for configuration), or null
	 */
	PluginInfo view(PluginEntry e, Bundle b, Map<String, String> reported, String warning) {
		return view(e, b, reported, warning, true);
	}

	/**
	 * @param explain whether to ask the resolver why an installed bundle is not resolved: not for one
	 *            just installed, which nothing tried to resolve yet
	 */
	PluginInfo view(PluginEntry e, Bundle b, Map<String, String> reported, String warning, boolean explain) {
		PluginMetadata m = e.metadata;
		PluginState state;
		String reason = null;
		int bundleState = b == null ? Bundle.UNINSTALLED : b.getState();
		if (bundleState == Bundle.UNINSTALLED) {
			state = PluginState.UNINSTALLED;
		} else if (m.problem() != null) {
			state = PluginState.FAILED;
			reason = m.problem();
		} else if (e.quarantine != null) {
			state = PluginState.FAILED;
			reason = e.quarantine;
		} else {
			switch (bundleState) {
				case Bundle.INSTALLED -> {
					String why = explain ? ResolutionDiagnosis.explain(b, wiring) : null;
					reason = why != null ? why : e.startError;
					state = reason != null ? PluginState.FAILED : PluginState.INSTALLED;
				}
				case Bundle.RESOLVED -> {
					reason = e.startError;
					state = reason != null ? PluginState.FAILED : PluginState.DISABLED;
				}
				case Bundle.STARTING, Bundle.ACTIVE -> {
					state = PluginState.ENABLED;
					if (!reported.isEmpty()) {
						reason = String.join("; ", reported.values());
					} else {
						reason = warning;
					}
				}
				default -> state = PluginState.DISABLED; // STOPPING
			}
		}
		String name = e.displayName().equals(String.valueOf(e.bundleId)) && b != null && b.getSymbolicName() != null
			? PluginMetadata.cut(b.getSymbolicName()) : e.displayName();
		return new PluginInfo(name, b == null ? m.version() : b.getVersion().toString(), PluginMetadata.cut(m.author()),
			m.description(), m.url(), m.license(), m.licenseFile(), m.readmeFile(), m.enabledByDefault(), m.requires(),
			state, reason, e.bundleId, b == null ? null : b.getSymbolicName(), b == null ? null : b.getLocation(),
			e.since);
	}

	/** A row for a jar that could not become a plugin (a folder jar, a kept copy), always FAILED. */
	static PluginInfo problemRow(String file, String location, String reason, java.time.Instant since) {
		return new PluginInfo(PluginMetadata.cut(file), null, null, null, null, null, null, null, true, null,
			PluginState.FAILED, reason, -1, null, location, since);
	}
}
