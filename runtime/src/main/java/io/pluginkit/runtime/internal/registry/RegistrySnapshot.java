package io.pluginkit.runtime.internal.registry;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.osgi.framework.Bundle;

/**
 * Everything the registry shows, at one moment, immutable: what the request path, {@code /},
 * {@code /health}, the shell and the admin API read, without locks. The registry's writer
 * publishes a new one after each change.
 *
 * @param phase whether PluginKit is starting (plugins not yet at their desired state), running
 *            or stopping
 * @param plugins every plugin, and every folder jar or kept copy that could not become one,
 *            sorted by name then bundle id
 * @param enabledBundles the bundle of each enabled plugin, by name
 */
public record RegistrySnapshot(Phase phase, List<PluginInfo> plugins, Map<String, Bundle> enabledBundles) {

	/** Where PluginKit is in its life, for {@code /health}. */
	public enum Phase {
		/** Plugins are still being brought to their desired state. */
		STARTING,
		/** Every plugin reached its desired state once. */
		RUNNING,
		/** The runtime is shutting down. */
		STOPPING
	}

	static final Comparator<PluginInfo> ORDER = Comparator.comparing(PluginInfo::name)
		.thenComparingLong(PluginInfo::bundleId);

	static final RegistrySnapshot EMPTY = new RegistrySnapshot(Phase.STARTING, List.of(), Map.of());

	public RegistrySnapshot {
		plugins = List.copyOf(plugins);
		enabledBundles = Map.copyOf(enabledBundles);
	}

	static RegistrySnapshot of(Phase phase, Iterable<PluginInfo> infos, Map<String, Bundle> enabled) {
		List<PluginInfo> sorted = new ArrayList<>();
		for (PluginInfo p : infos) {
			sorted.add(p);
		}
		sorted.sort(ORDER);
		return new RegistrySnapshot(phase, sorted, enabled);
	}

	RegistrySnapshot withPhase(Phase next) {
		return new RegistrySnapshot(next, plugins, enabledBundles);
	}

	/** A plugin by name (one that is not {@code FAILED} first, then the first installed) or bundle id. */
	public Optional<PluginInfo> plugin(String nameOrId) {
		String key = nameOrId == null ? "" : nameOrId.trim();
		PluginInfo byName = null;
		for (PluginInfo p : plugins) {
			if (p.name().equals(key)) {
				if (p.state() != PluginState.FAILED && p.bundleId() >= 0) {
					return Optional.of(p);
				}
				if (byName == null || p.bundleId() >= 0 && p.bundleId() < byName.bundleId()) {
					byName = p;
				}
			}
		}
		if (byName != null) {
			return Optional.of(byName);
		}
		return plugins.stream().filter(p -> p.bundleId() >= 0 && Long.toString(p.bundleId()).equals(key)).findFirst();
	}

	/** The plugin of a bundle. */
	public Optional<PluginInfo> plugin(long bundleId) {
		for (PluginInfo p : plugins) {
			if (p.bundleId() == bundleId) {
				return Optional.of(p);
			}
		}
		return Optional.empty();
	}

	/** How many plugins are in each state (every state present, 0 when none). */
	public Map<PluginState, Integer> counts() {
		Map<PluginState, Integer> counts = new EnumMap<>(PluginState.class);
		for (PluginState s : PluginState.values()) {
			counts.put(s, 0);
		}
		for (PluginInfo p : plugins) {
			counts.merge(p.state(), 1, Integer::sum);
		}
		return counts;
	}

	/** The plugins that are failing: {@code FAILED}, or enabled with a problem reported. */
	public List<PluginInfo> failing() {
		return plugins.stream().filter(p -> p.state() == PluginState.FAILED || p.reason() != null
			&& p.state() == PluginState.ENABLED).toList();
	}
}
