package io.pluginkit.runtime.internal.state;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.function.Consumer;

/**
 * The data folder ({@code -Dpluginkit.data.dir}) as this process holds it: locked against a second
 * PluginKit, cleared of the temp files a crash left, and known to be writable or not. Shared by the
 * file {@link FileStateStore} and {@link FileBundleArchive}; opened once by {@link DataFolderGate},
 * which publishes it as a service only when the folder can be used.
 * <p>
 * A folder that cannot be written (read-only, a full disk) is not an error: PluginKit runs with what
 * it could read, says once what cannot be saved, and every write throws an {@link IOException} that
 * says what, where and why. {@link #writable()} follows the outcome of the last write.
 */
public final class DataFolder implements AutoCloseable {

	/**
	 * The service property that names the selected state store ({@code -Dpluginkit.store}), and the
	 * filter of the file stores on it: they bind only when the file store is selected, so that a
	 * cluster store (another bundle) is the only {@code StateStore} and {@code BundleArchive} then.
	 */
	public static final String STORE = "pluginkit.store";
	public static final String FILE_STORE = "(" + STORE + "=file)";

	/** The folder of the kept copies of bundles' jars. */
	static final String BUNDLES = "bundles";

	private final Path path;
	private final DataFolderLock lock;
	private final Consumer<String> warnings;
	private final java.util.concurrent.atomic.AtomicLong saves = new java.util.concurrent.atomic.AtomicLong();
	private volatile boolean writable;
	private volatile boolean warned;

	private DataFolder(Path path, DataFolderLock lock, Consumer<String> warnings) {
		this.path = path;
		this.lock = lock;
		this.warnings = warnings;
	}

	/**
	 * Opens a data folder: creates it when missing, takes its lock, removes the leftovers of a
	 * crash and checks that it can be written (saying so once through {@code warnings} when not).
	 *
	 * @throws DataFolderLock.InUseException when another PluginKit uses the folder
	 */
	public static DataFolder open(Path path, Consumer<String> warnings) throws DataFolderLock.InUseException {
		Path dir = path.toAbsolutePath().normalize();
		IOException cannotCreate = null;
		try {
			Files.createDirectories(dir.resolve(BUNDLES));
		} catch (IOException e) {
			cannotCreate = e;
		}
		DataFolderLock lock = Files.isDirectory(dir) ? DataFolderLock.acquire(dir) : null;
		DataFolder folder = new DataFolder(dir, lock, warnings);
		AtomicFile.removeLeftovers(dir, p -> isLeftover(p.getFileName().toString()));
		AtomicFile.removeLeftovers(dir.resolve(BUNDLES), p -> isBundleLeftover(p.getFileName().toString()));
		IOException probe = cannotCreate != null ? cannotCreate : probe(dir);
		folder.writable = probe == null;
		if (probe != null) {
			folder.warnOnce("the data folder " + dir + " cannot be written (" + reason(probe)
				+ "): admin decisions and plugins installed from the shell or the admin API will not be saved;"
				+ " PluginKit runs with the state it could read");
		}
		return folder;
	}

	/** Temp files of this package's writes, and those of earlier versions ({@code .state-*.tmp}). */
	private static boolean isLeftover(String name) {
		return AtomicFile.isTempFile(name) && (name.startsWith(".state") || name.startsWith(".bundles.properties-")
			|| name.startsWith(".probe-"));
	}

	/** In {@code bundles/}, which is this package's alone: every temp file, and earlier {@code .incoming-*.jar}. */
	private static boolean isBundleLeftover(String name) {
		return AtomicFile.isTempFile(name) || name.startsWith(".incoming-") && name.endsWith(".jar");
	}

	/** Writes, fsyncs and removes a small file: what every save will need, a full disk included. */
	private static IOException probe(Path dir) {
		for (Path folder : new Path[] { dir, dir.resolve(BUNDLES) }) {
			try {
				Path probe = Files.createTempFile(folder, ".probe-", AtomicFile.TEMP_SUFFIX);
				try (FileChannel channel = FileChannel.open(probe, StandardOpenOption.WRITE)) {
					channel.write(java.nio.ByteBuffer.wrap(new byte[] { 'o', 'k', '\n' }));
					channel.force(true);
				} finally {
					Files.deleteIfExists(probe);
				}
			} catch (IOException e) {
				return e;
			}
		}
		return null;
	}

	/** The folder, absolute. */
	public Path path() {
		return path;
	}

	/** A file in the folder. */
	Path file(String name) {
		return path.resolve(name);
	}

	/** Whether the last write (or the check at open) succeeded. */
	public boolean writable() {
		return writable;
	}

	/** How many saves succeeded since the folder was opened: what a batch costs, for tests and diagnostics. */
	long saves() {
		return saves.get();
	}

	/** Whether this process holds the folder's lock (not when the folder cannot be written). */
	boolean locked() {
		return lock != null;
	}

	/** Saving something: runs the write, and on failure says what could not be saved, where and why. */
	void save(String what, Path where, Write write) throws IOException {
		try {
			write.run();
			saves.incrementAndGet();
			writable = true;
		} catch (InputFailure e) {
			IOException cause = (IOException) e.getCause();
			throw new IOException("cannot save " + what + ": reading it failed: " + reason(cause), cause);
		} catch (IOException e) {
			writable = false;
			throw new IOException("cannot save " + what + " to " + where + ": " + reason(e), e);
		}
	}

	/** What a write reads failed, not the folder (a dropped download): the folder stays writable. */
	static final class InputFailure extends IOException {
		private static final long serialVersionUID = 1L;

		InputFailure(IOException cause) {
			super(cause.getMessage(), cause);
		}
	}

	/** A write to the folder. */
	@FunctionalInterface
	interface Write {
		void run() throws IOException;
	}

	private void warnOnce(String message) {
		if (!warned) {
			warned = true;
			warnings.accept(message);
		}
	}

	/** What went wrong with a file, in a few words, the file named. */
	static String reason(IOException e) {
		if (e instanceof AccessDeniedException a) {
			return "permission denied: " + a.getFile();
		}
		if (e instanceof NoSuchFileException n) {
			return "no such file or folder: " + n.getFile();
		}
		if (e instanceof FileSystemException f) {
			String why = f.getReason() != null ? f.getReason() : e.getClass().getSimpleName();
			return f.getFile() == null ? why : why + ": " + f.getFile();
		}
		return e.getMessage() != null ? e.getMessage() : e.toString();
	}

	/** Releases the lock. */
	@Override
	public void close() {
		if (lock != null) {
			lock.close();
		}
	}

	@Override
	public String toString() {
		return "data folder " + path + (writable ? "" : " (cannot be written)");
	}
}
