package io.pluginkit.launcher;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * This process's folder for what only lives as long as it runs: {@code <data>/cache/<pid>}, holding the
 * framework storage (the bundle cache) and the launcher's own jars. A crashed process ({@code kill -9})
 * cannot delete its folder, so every start deletes the folders of processes that are no longer alive;
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

	/** Deletes what a previous run left in this folder (a reused pid) and the folders of dead processes. */
	void clean() throws IOException {
		Files.createDirectories(cache);
		try (DirectoryStream<Path> entries = Files.newDirectoryStream(cache)) {
			for (Path entry : entries) {
				if (entry.equals(folder) || !isAlive(entry.getFileName().toString())) {
					deleteTree(entry);
				}
			}
		}
		Files.createDirectories(folder);
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
