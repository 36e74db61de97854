package io.pluginkit.runtime.internal.state;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;

/**
 * Replaces a file so that a crash or {@code kill -9} at any moment leaves either the old or the new
 * content, never a torn one, and so that the new content is on disk when {@link #write} returns: the
 * content goes to a temp file beside the target, which is fsynced, renamed over the target, and then
 * the folder is fsynced too, since the rename is only durable once the folder's entry is.
 * <p>
 * Every file PluginKit writes in place goes through here: the state, the kept jars, the admin token and
 * the plugins folder's jars that an update or the cluster replaces; {@code http.port} too, through
 * {@link #replace}, atomic but not flushed to disk.
 */
public final class AtomicFile {

	/** How a temp file of {@code target} is named: hidden, and recognisable as a leftover after a crash. */
	static final String TEMP_SUFFIX = ".tmp";

	private static final boolean WINDOWS = File.separatorChar == '\\';

	/** Writes the content of a file to a stream; the stream is closed by the caller. */
	@FunctionalInterface
	public interface Content {
		void writeTo(OutputStream out) throws IOException;
	}

	private AtomicFile() {
	}

	/**
	 * Writes {@code target} atomically and durably. When this throws, {@code target} is as it was and
	 * the temp file is gone.
	 *
	 * @param attributes of the new file, from its first byte (e.g. owner-only permissions for a secret)
	 * @throws IOException from the content, or when the folder cannot be written
	 */
	public static void write(Path target, Content content, FileAttribute<?>... attributes) throws IOException {
		write(target, content, true, attributes);
	}

	/**
	 * Replaces {@code target} atomically, as {@link #write} does, but without the fsyncs: for a file that
	 * means nothing once the process is gone ({@code http.port}), so that writing it costs no disk flush.
	 */
	public static void replace(Path target, Content content) throws IOException {
		write(target, content, false);
	}

	private static void write(Path target, Content content, boolean durable, FileAttribute<?>... attributes)
		throws IOException {
		Path tmp = stage(target.toAbsolutePath().getParent(), target.getFileName().toString(), content, durable,
			attributes);
		try {
			if (durable) {
				commit(tmp, target);
			} else {
				move(tmp, target);
			}
		} catch (IOException | RuntimeException e) {
			deleteQuietly(tmp, e);
			throw e;
		}
	}

	/**
	 * The first half of {@link #write}: the content in a durable temp file in {@code dir}, named after
	 * {@code name}, for a caller that must not hold a lock while the content streams in (a download).
	 * When this throws, no temp file is left. The caller {@link #commit}s it or deletes it.
	 */
	static Path stage(Path dir, String name, Content content) throws IOException {
		return stage(dir, name, content, true);
	}

	private static Path stage(Path dir, String name, Content content, boolean durable, FileAttribute<?>... attributes)
		throws IOException {
		Path tmp = Files.createTempFile(dir, "." + name + "-", TEMP_SUFFIX, attributes);
		try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.WRITE);
			OutputStream out = Channels.newOutputStream(channel)) {
			content.writeTo(out);
			out.flush();
			if (durable) {
				channel.force(true);
			}
		} catch (IOException | RuntimeException e) {
			deleteQuietly(tmp, e);
			throw e;
		}
		return tmp;
	}

	/** The second half of {@link #write}: renames a staged file over {@code target} and makes that durable. */
	static void commit(Path staged, Path target) throws IOException {
		move(staged, target);
		syncDirectory(target.toAbsolutePath().getParent());
	}

	private static void deleteQuietly(Path tmp, Exception failure) {
		try {
			Files.deleteIfExists(tmp);
		} catch (IOException cleanup) {
			failure.addSuppressed(cleanup);
		}
	}

	/**
	 * Makes the entries of a folder durable (a rename, a new or a deleted file). Windows cannot open a
	 * folder as a channel; NTFS journals its metadata, so there is nothing to do there.
	 */
	static void syncDirectory(Path dir) throws IOException {
		if (WINDOWS) {
			return;
		}
		try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
			channel.force(true);
		}
	}

	/** Whether a file name is that of a temp file this class writes (beside any target). */
	static boolean isTempFile(String name) {
		return name.startsWith(".") && name.endsWith(TEMP_SUFFIX);
	}

	/**
	 * Removes the temp files of writes that a crash interrupted: such a write never returned, so its
	 * temp file is not state. Best effort: a leftover that cannot be removed is harmless.
	 *
	 * @return how many were removed
	 */
	static int removeLeftovers(Path dir, DirectoryStream.Filter<Path> leftover) {
		int removed = 0;
		if (!Files.isDirectory(dir)) {
			return 0;
		}
		try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, leftover)) {
			for (Path file : files) {
				try {
					if (Files.deleteIfExists(file)) {
						removed++;
					}
				} catch (IOException e) {
					// a read-only folder: the leftover stays, and is ignored as before
				}
			}
		} catch (IOException e) {
			// cannot list it: nothing to clean
		}
		return removed;
	}

	/** Moves {@code from} over {@code to} atomically where the file system can, else by a plain replace. */
	static void move(Path from, Path to) throws IOException {
		try {
			Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
		} catch (AtomicMoveNotSupportedException e) {
			Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
		}
	}
}
