package io.pluginkit.runtime.internal.deploy;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

import io.pluginkit.runtime.internal.deploy.FolderScanner.Known;
import io.pluginkit.runtime.internal.state.CacheFile;

/**
 * What the folder's installed jars were when their bundles were installed or updated (size,
 * modification time, SHA-256), kept in the runtime bundle's data area of the framework cache, which it
 * describes: when the cache is kept across a restart, an unchanged jar is neither read nor installed
 * again. A hint, not a record: a missing, stale or damaged file only means that jars are read again,
 * and one whose content differs is updated, so it is written without fsync.
 */
final class FolderStamps {

	private FolderStamps() {
	}

	/** The stamps in {@code file}; empty when there is no file or it cannot be read. */
	static Map<String, Known> load(Path file) {
		Map<String, Known> stamps = new TreeMap<>();
		CacheFile.read(file).forEach((name, value) -> {
			String[] parts = value.trim().split(" ");
			try {
				if (parts.length == 3 && !parts[2].isEmpty()) {
					stamps.put(name, new Known(Long.parseLong(parts[0]), Long.parseLong(parts[1]), parts[2]));
				}
			} catch (NumberFormatException e) {
				// that jar is read again
			}
		});
		return stamps;
	}

	/** Replaces {@code file} with these stamps (a temp file moved into place); does nothing without a file. */
	static void save(Path file, Map<String, Known> stamps) throws IOException {
		Map<String, String> entries = new TreeMap<>();
		stamps.forEach((name, k) -> entries.put(name, k.size() + " " + k.modified() + " " + k.checksum()));
		CacheFile.write(file, entries, "PluginKit: the plugins folder's jars as installed (size, modified, sha256)");
	}
}
