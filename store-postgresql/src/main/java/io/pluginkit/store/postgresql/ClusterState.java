package io.pluginkit.store.postgresql;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import io.pluginkit.spi.state.ArchivedBundle;

/**
 * The cluster's plugin set as this node last read or wrote it, immutable: what reads answer without
 * waiting, and what a read of the database is compared with to tell what other nodes changed.
 *
 * @param decisions every decision row by plugin, forgotten ones ({@code enabled} null) included
 * @param bundles every bundle row by location
 */
record ClusterState(Map<String, Decision> decisions, Map<String, Entry> bundles, Map<String, Boolean> decided,
	List<ArchivedBundle> order) {

	/** A decision row: {@code enabled} null when forgotten; {@code version} grows with every change. */
	record Decision(Boolean enabled, long version, String node) {
	}

	/** A bundle row: {@code sha256} null for a bundle of a hot-deploy folder (no jar kept). */
	record Entry(String location, long sequence, String sha256, long version, String node) {
		ArchivedBundle view() {
			return new ArchivedBundle(location, sequence, sha256 != null, sha256);
		}
	}

	static final ClusterState EMPTY = of(Map.of(), Map.of());

	static ClusterState of(Map<String, Decision> decisions, Map<String, Entry> bundles) {
		Map<String, Boolean> decided = new HashMap<>();
		decisions.forEach((plugin, d) -> {
			if (d.enabled() != null) {
				decided.put(plugin, d.enabled());
			}
		});
		List<ArchivedBundle> order = new ArrayList<>();
		bundles.values().forEach(e -> order.add(e.view()));
		order.sort(Comparator.comparingLong(ArchivedBundle::sequence).thenComparing(ArchivedBundle::location));
		return new ClusterState(Map.copyOf(decisions), Map.copyOf(bundles), Map.copyOf(decided), List.copyOf(order));
	}

	ClusterState withDecision(String plugin, Decision d) {
		Map<String, Decision> next = new HashMap<>(decisions);
		next.put(plugin, d);
		return of(next, bundles);
	}

	ClusterState withBundles(Map<String, Entry> changed, Set<String> removed) {
		Map<String, Entry> next = new HashMap<>(bundles);
		next.putAll(changed);
		next.keySet().removeAll(removed);
		return of(decisions, next);
	}

	/** The plugins whose effective decision differs between this state and {@code next}. */
	Set<String> decisionsChangedIn(ClusterState next) {
		Set<String> changed = new HashSet<>();
		Set<String> names = new HashSet<>(decided.keySet());
		names.addAll(next.decided.keySet());
		for (String name : names) {
			if (!Objects.equals(decided.get(name), next.decided.get(name))) {
				changed.add(name);
			}
		}
		return changed;
	}

	/** The locations installed, uninstalled, or given another content or place between this state and {@code next}. */
	Set<String> bundlesChangedIn(ClusterState next) {
		Set<String> changed = new HashSet<>();
		Set<String> locations = new HashSet<>(bundles.keySet());
		locations.addAll(next.bundles.keySet());
		for (String location : locations) {
			Entry a = bundles.get(location);
			Entry b = next.bundles.get(location);
			if (a == null || b == null || !Objects.equals(a.sha256(), b.sha256()) || a.sequence() != b.sequence()) {
				changed.add(location);
			}
		}
		return changed;
	}
}
