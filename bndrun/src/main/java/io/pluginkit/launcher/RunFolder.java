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
 * This process's folder for what only lives as long as it runs: {@code <data>/cache/<pid>}, holding the
 * framework storage (the bundle cache) and the launcher's own jars. A crashed process ({@code kill -9})
 * cannot delete its folder, and a clean stop leaves it too (the framework may still be writing to it while
 * shutdown hooks run), so every start deletes the folders of processes that are no longer alive;
 * the folder of a live process (a second PluginKit on the same data, which the runtime then refuses)
 * is left alone.
 */
final class RunFolder {

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
		List<Path> stale = new ArrayList<>();
		try (DirectoryStream<Path> entries = Files.newDirectoryStream(cache)) {
			for (Path entry : entries) {
				if (!entry.equals(folder) && !isAlive(entry.getFileName().toString())) {
					stale.add(entry);
				}
			}
		}
		Files.createDirectories(folder);
		if (!stale.isEmpty()) {
			Thread cleaner = new Thread(() -> deleteQuietly(stale), "pluginkit-cache-cleaner");
			cleaner.setDaemon(true);
			cleaner.setPriority(Thread.MIN_PRIORITY);
			cleaner.start();
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
