package io.pluginkit.runtime.internal.registry;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The plugin entries by bundle id, and by name. Confined to the registry's writer thread.
 */
final class PluginIndex {

	private final Map<Long, PluginEntry> byId = new TreeMap<>();
	/** The entries of each Plugin-Name, in install order: name lookups do not scan every plugin. */
	private final Map<String, List<PluginEntry>> byName = new java.util.HashMap<>();

	PluginEntry get(long bundleId) {
		return byId.get(bundleId);
	}

	PluginEntry put(PluginEntry entry) {
		PluginEntry old = byId.put(entry.bundleId, entry);
		if (old != null) {
			unname(old);
		}
		name(entry);
		return entry;
	}

	/** Gives an entry its (new) metadata, keeping the name lookup right. */
	void metadata(PluginEntry entry, PluginMetadata metadata) {
		unname(entry);
		entry.metadata = metadata;
		name(entry);
	}

	PluginEntry remove(long bundleId) {
		PluginEntry gone = byId.remove(bundleId);
		if (gone != null) {
			unname(gone);
		}
		return gone;
	}

	private void name(PluginEntry e) {
		String name = e.metadata.name();
		if (name != null) {
			List<PluginEntry> list = byName.computeIfAbsent(name, k -> new ArrayList<>(1));
			list.add(e);
			list.sort(Comparator.comparingLong(x -> x.bundleId));
		}
	}

	private void unname(PluginEntry e) {
		String name = e.metadata.name();
		List<PluginEntry> list = name == null ? null : byName.get(name);
		if (list != null) {
			list.remove(e);
			if (list.isEmpty()) {
				byName.remove(name);
			}
		}
	}

	boolean contains(long bundleId) {
		return byId.containsKey(bundleId);
	}

	/** Every entry, in bundle id (install) order. */
	Collection<PluginEntry> all() {
		return new ArrayList<>(byId.values());
	}

	/**
	 * The valid plugin called {@code name}, other than {@code exceptBundle}: the one that owns the
	 * name.
	 */
	Optional<PluginEntry> owner(String name, long exceptBundle) {
		if (name == null) {
			return Optional.empty();
		}
		return named(name).stream().filter(e -> e.bundleId != exceptBundle && e.valid()).findFirst();
	}

	/** The entries whose {@code Plugin-Name} is {@code name}, valid or not, in install order. */
	List<PluginEntry> named(String name) {
		List<PluginEntry> list = name == null ? null : byName.get(name);
		return list == null ? List.of() : List.copyOf(list);
	}

	/**
	 * Finds a plugin as a user names it: by name (the valid one first), else by bundle id.
	 *
	 * @throws PluginException naming the installed plugins when there is none
	 */
	PluginEntry find(String nameOrId, boolean bundleExists) throws PluginException {
		String key = nameOrId == null ? "" : nameOrId.trim();
		Optional<PluginEntry> valid = owner(key, -1);
		if (valid.isPresent()) {
			return valid.get();
		}
		for (PluginEntry e : byId.values()) {
			if (key.equals(e.metadata.name()) || key.equals(String.valueOf(e.bundleId))) {
				return e;
			}
		}
		String installed = names();
		if (key.matches("\\d+") && bundleExists) {
			throw new PluginException(PluginException.Kind.NOT_FOUND,
				"bundle " + key + " is a library, not a plugin; plugins: " + installed);
		}
		throw new PluginException(PluginException.Kind.NOT_FOUND,
			"plugin '" + PluginMetadata.cut(key) + "' not found; installed: " + installed);
	}

	/** The installed plugins' names, sorted, for messages; {@code none} when there are none. */
	String names() {
		String names = byId.values()
			.stream()
			.map(e -> e.metadata.name())
			.filter(n -> n != null && PluginMetadata.NAME.matcher(n).matches())
			.sorted(Comparator.naturalOrder())
			.distinct()
			.collect(Collectors.joining(", "));
		return names.isEmpty() ? "none" : names;
	}
}
