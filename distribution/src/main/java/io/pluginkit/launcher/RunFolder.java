package io.pluginkit.launcher;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * This process's folder: {@code <data>/cache/<pid>}, holding the framework storage (the bundle cache) and
 * the launcher's own jars. A crashed process ({@code kill -9}) cannot delete its folder, and a clean stop
 * leaves it too (the framework may still be writing to it while shutdown hooks run), so every start
 * deletes the folders of processes that are no longer alive; the folder of a live process (a second
 * PluginKit on the same data, which the runtime then refuses) is left alone.
 * <p>
 * The bundle cache of the last process that is gone is taken over ({@link #adoptFramework}): moved, in
 * one rename, into this process's folder, so that a restart finds its plugins installed and resolved
 * instead of installing them all again, while two processes never share a cache. A cache that a crash
 * left damaged costs nothing but the bundles the framework cannot read back, which the runtime installs
 * again from the plugins folder and the data folder.
 */
final class RunFolder {

	static final String FRAMEWORK = "framework";

	private final Path cache;
	private final Path folder;

	RunFolder(Path dataDir, long pid) {
		this.cache = dataDir.resolve("cache");
		this.folder = cache.resolve(Long.toString(pid));
	}

	/** {@code <data>/cache/<pid>}. */
	Path folder() {
		return folder;
	}

	/**
	 * Empties this folder (a reused pid) and deletes the folders of dead processes: those on a daemon
	 * thread, off the startup path (a bundle cache of 1,000 plugins is thousands of files); what a stop
	 * interrupts is deleted at the next start.
	 */
	void clean() throws IOException {
		Files.createDirectories(cache);
		deleteTree(folder);
		List<Path> stale = stale();
		Files.createDirectories(folder);
		adoptFramework(stale);
		if (!stale.isEmpty()) {
			Thread cleaner = new Thread(() -> deleteQuietly(stale), "pluginkit-cache-cleaner");
			cleaner.setDaemon(true);
			cleaner.setPriority(Thread.MIN_PRIORITY);
			cleaner.start();
		}
	}

	/** The folders of processes that are gone, the most recently used first. */
	private List<Path> stale() throws IOException {
		List<Path> stale = new ArrayList<>();
		try (DirectoryStream<Path> entries = Files.newDirectoryStream(cache)) {
			for (Path entry : entries) {
				if (!entry.equals(folder) && !isAlive(entry.getFileName().toString())) {
					stale.add(entry);
				}
			}
		}
		stale.sort(Comparator.comparing(RunFolder::lastUsed).reversed());
		return stale;
	}

	/**
	 * Moves the framework storage of the most recently used gone process into this folder, if there is
	 * one: a rename, so it is all or nothing, and a second process starting at the same time simply
	 * finds it gone and starts with an empty cache.
	 *
	 * @return whether a cache was taken over
	 */
	boolean adoptFramework(List<Path> stale) {
		for (Path old : stale) {
			Path framework = old.resolve(FRAMEWORK);
			if (Files.isDirectory(framework)) {
				try {
					Files.move(framework, framework(), java.nio.file.StandardCopyOption.ATOMIC_MOVE);
					return true;
				} catch (IOException | UnsupportedOperationException e) {
					return false; // taken by another process meanwhile, or not movable: start with an empty cache
				}
			}
		}
		return false;
	}

	/** This process's framework storage, {@code <data>/cache/<pid>/framework}. */
	Path framework() {
		return folder.resolve(FRAMEWORK);
	}

	private static long lastUsed(Path folder) {
		try {
			return Files.getLastModifiedTime(folder.resolve(FRAMEWORK)).toMillis();
		} catch (IOException e) {
			return Long.MIN_VALUE;
		}
	}

	private static void deleteQuietly(List<Path> folders) {
		for (Path f : folders) {
			try {
				deleteTree(f);
			} catch (IOException | RuntimeException e) {
				// left for the next start
			}
		}
	}

	/** A folder not named by a pid is not ours to keep: only pid folders of live processes are. */
	private static boolean isAlive(String name) {
		try {
			return ProcessHandle.of(Long.parseLong(name)).map(ProcessHandle::isAlive).orElse(false);
		} catch (NumberFormatException e) {
			return false;
		}
	}

	static void deleteTree(Path root) throws IOException {
		if (!Files.exists(root)) {
			return;
		}
		try (Stream<Path> paths = Files.walk(root)) {
			paths.sorted(Comparator.reverseOrder()).forEach(p -> {
				try {
					Files.deleteIfExists(p);
				} catch (IOException e) {
					throw new UncheckedIOException(e);
				}
			});
		} catch (UncheckedIOException e) {
			throw e.getCause();
		}
	}
}
