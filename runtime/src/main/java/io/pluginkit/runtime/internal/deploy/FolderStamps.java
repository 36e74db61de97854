package io.pluginkit.runtime.internal.deploy;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

import io.pluginkit.runtime.internal.deploy.FolderScanner.Known;

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
		if (file == null) {
			return stamps;
		}
		Properties p = new Properties();
		try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
			p.load(in);
		} catch (NoSuchFileException e) {
			return stamps;
		} catch (IOException | IllegalArgumentException e) {
			return stamps; // read every jar again
		}
		for (String name : p.stringPropertyNames()) {
			String[] parts = p.getProperty(name).trim().split(" ");
			try {
				if (parts.length == 3 && !parts[2].isEmpty()) {
					stamps.put(name, new Known(Long.parseLong(parts[0]), Long.parseLong(parts[1]), parts[2]));
				}
			} catch (NumberFormatException e) {
				// that jar is read again
			}
		}
		return stamps;
	}

	/** Replaces {@code file} with these stamps (a temp file moved into place); does nothing without a file. */
	static void save(Path file, Map<String, Known> stamps) throws IOException {
		if (file == null) {
			return;
		}
		Properties p = new Properties();
		stamps.forEach((name, k) -> p.setProperty(name, k.size() + " " + k.modified() + " " + k.checksum()));
		Files.createDirectories(file.getParent());
		Path tmp = Files.createTempFile(file.getParent(), "." + file.getFileName(), ".tmp");
		try {
			try (Writer out = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
				p.store(out, "PluginKit: the plugins folder's jars as installed (size, modified, sha256)");
			}
			try {
				Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
			} catch (AtomicMoveNotSupportedException e) {
				Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
			}
		} finally {
			Files.deleteIfExists(tmp);
		}
	}
}
