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

	PluginEntry get(long bundleId) {
		return byId.get(bundleId);
	}

	PluginEntry put(PluginEntry entry) {
		byId.put(entry.bundleId, entry);
		return entry;
	}

	PluginEntry remove(long bundleId) {
		return byId.remove(bundleId);
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
		return byId.values()
			.stream()
			.filter(e -> e.bundleId != exceptBundle && e.valid() && name.equals(e.metadata.name()))
			.findFirst();
	}

	/** The entries whose {@code Plugin-Name} is {@code name}, valid or not, in install order. */
	List<PluginEntry> named(String name) {
		return byId.values().stream().filter(e -> name != null && name.equals(e.metadata.name())).toList();
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
