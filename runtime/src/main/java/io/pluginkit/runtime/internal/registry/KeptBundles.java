package io.pluginkit.runtime.internal.registry;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

import org.osgi.framework.Bundle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.pluginkit.spi.state.ArchivedBundle;
import io.pluginkit.spi.state.BundleArchive;

/**
 * Where the bundles PluginKit installed come from and are kept: the hot-deploy folder's jars,
 * and the {@link BundleArchive}'s install order and copies of the others.
 */
final class KeptBundles {

	private static final Logger LOG = LoggerFactory.getLogger(KeptBundles.class);

	private record ArchiveIndex(List<ArchivedBundle> list, Map<String, ArchivedBundle> byLocation) {
	}

	private final BundleArchive archive;
	private final Path pluginsDir;
	private volatile ArchiveIndex index;
	/** Folder jars installed while starting, given their place in the install order in one write. */
	private final List<String> pendingInstalls = new ArrayList<>();

	KeptBundles(BundleArchive archive, Path pluginsDir) {
		this.archive = archive;
		this.pluginsDir = pluginsDir;
	}

	/** The archive's bundles, in install order. */
	List<ArchivedBundle> bundles() {
		return archive.bundles();
	}

	/** The archive's bundles by location, indexed again only when the archive's list changed. */
	private Map<String, ArchivedBundle> archived() {
		List<ArchivedBundle> now = archive.bundles();
		ArchiveIndex current = index;
		if (current == null || current.list() != now) {
			Map<String, ArchivedBundle> byLocation = new HashMap<>();
			now.forEach(b -> byLocation.put(b.location(), b));
			current = new ArchiveIndex(now, byLocation);
			index = current;
		}
		return current.byLocation();
	}

	/** The archive's bundles by location; an immutable snapshot. */
	Map<String, ArchivedBundle> byLocation() {
		return archived();
	}

	/** Whether the archive keeps a copy of the bundle of this location. */
	boolean isKept(String location) {
		ArchivedBundle b = archived().get(location);
		return b != null && b.kept();
	}

	/** Whether PluginKit installed (and keeps) a bundle of this location: the folder or the archive. */
	boolean fromPluginKit(String location) {
		return folderJar(location) != null || archived().containsKey(location);
	}

	/** The place of a location in the install order, if it has one. */
	OptionalLong sequence(String location) {
		ArchivedBundle b = archived().get(location);
		return b == null ? OptionalLong.empty() : OptionalLong.of(b.sequence());
	}

	/** The jar in the hot-deploy folder a location points to, or {@code null}. */
	Path folderJar(String location) {
		Path p = fileOf(location);
		return p != null && p.startsWith(pluginsDir) ? p : null;
	}

	/**
	 * Whether several nodes share the archive (a cluster store): then the folder's jars are kept in it too,
	 * under {@link #folderKey(Path)}, and the other nodes' folder jars are installed here from it.
	 */
	boolean shared() {
		return archive.shared();
	}

	/** Where a shared archive keeps a jar of the hot-deploy folder: {@code folder:<file name>}, the same on every node. */
	String folderKey(Path folderJar) {
		return BundleArchive.FOLDER_SCHEME + pluginsDir.relativize(folderJar).toString().replace('\\', '/');
	}

	/**
	 * This node's jar in the hot-deploy folder that an archive location {@code folder:<file name>} stands for
	 * (it may not exist), or {@code null} when the location is not such a one or names no plain file name.
	 */
	Path folderJarOfKey(String location) {
		if (location == null || !location.startsWith(BundleArchive.FOLDER_SCHEME)) {
			return null;
		}
		String name = location.substring(BundleArchive.FOLDER_SCHEME.length());
		if (name.isEmpty() || name.contains("/") || name.contains("\\") || name.equals("..") || name.equals(".")) {
			return null; // never a path out of the folder, whatever the archive says
		}
		return pluginsDir.resolve(name);
	}

	/** The file a {@code file:} location names, or {@code null}. */
	static Path fileOf(String location) {
		if (location == null || !location.startsWith("file:")) {
			return null;
		}
		try {
			return Paths.get(java.net.URI.create(location)).toAbsolutePath().normalize();
		} catch (IllegalArgumentException | java.nio.file.FileSystemNotFoundException e) {
			return null;
		}
	}

	/** Keeps a copy of a jar for a location. */
	void keep(String location, Path jar) throws IOException {
		try (InputStream in = Files.newInputStream(jar)) {
			archive.keep(location, in);
		}
	}

	/** Keeps a copy of a bundle installed by a plain Felix command, read again from its location. */
	void keepCopy(Bundle bundle) {
		String location = bundle.getLocation();
		try (InputStream in = PluginSource.open(location.startsWith("reference:") ? location.substring(10) : location)) {
			archive.keep(location, in);
		} catch (PluginException | IOException e) {
			LOG.warn("bundle {} from {} cannot be kept ({}); it will not come back after a restart", bundle.getBundleId(),
				location, e.getMessage());
		}
	}

	InputStream open(String location) throws IOException {
		return archive.open(location);
	}

	void forgetQuietly(String location) {
		try {
			archive.forget(location);
		} catch (IOException e) {
			LOG.warn("{} cannot be forgotten by the bundle archive: {}", location, e.getMessage());
		}
	}

	/** A folder jar was installed: it gets its place in the install order at the next {@link #flushInstalls}. */
	void queueInstall(String location) {
		pendingInstalls.add(location);
	}

	/**
	 * Saves the queued places in the install order in one write.
	 *
	 * @param writable whether the data folder can be written: when not, it said so once already
	 */
	void flushInstalls(boolean writable) {
		if (pendingInstalls.isEmpty()) {
			return;
		}
		try {
			archive.recordInstalls(List.copyOf(pendingInstalls));
		} catch (IOException ex) {
			if (writable) {
				LOG.error("the install order of {} folder plugins cannot be saved: {}", pendingInstalls.size(),
					ex.getMessage());
			} else {
				LOG.debug("the install order is not saved (the data folder cannot be written): {}", ex.getMessage());
			}
		}
		pendingInstalls.clear();
	}
}
