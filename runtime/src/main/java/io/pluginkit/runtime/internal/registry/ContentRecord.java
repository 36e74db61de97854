package io.pluginkit.runtime.internal.registry;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.pluginkit.runtime.internal.state.CacheFile;

/**
 * The SHA-256 of what each installed bundle with a kept copy holds, kept in the runtime bundle's data
 * area of the framework cache, which it describes: a restart on the kept cache finds the bundles whose
 * copy in the archive changed meanwhile (updated on another node of a cluster) and updates them before
 * they run. A hint, not a record: a missing or stale entry only means one update more. Used on the
 * registry's writer thread.
 */
final class ContentRecord {

	private static final Logger LOG = LoggerFactory.getLogger(ContentRecord.class);

	private final Path file;
	private final Map<String, String> shas = new ConcurrentHashMap<>();

	ContentRecord(File file) {
		this.file = file == null ? null : file.toPath();
		shas.putAll(CacheFile.read(this.file)); // nothing read: every kept bundle is checked again
	}

	/** What the installed bundle from {@code location} holds, as recorded, or {@code null}. */
	String get(String location) {
		return shas.get(location);
	}

	/** Records what the bundle from {@code location} holds now ({@code null}: forgets it). */
	void put(String location, String sha256) {
		String old = sha256 == null ? shas.remove(location) : shas.put(location, sha256);
		if (!Objects.equals(old, sha256)) {
			save();
		}
	}

	private void save() {
		try {
			CacheFile.write(file, shas, "PluginKit: the SHA-256 of each installed bundle with a kept copy");
		} catch (IOException e) {
			LOG.debug("cannot save {}: {}", file, e.toString()); // the next restart checks those bundles again
		}
	}
}
