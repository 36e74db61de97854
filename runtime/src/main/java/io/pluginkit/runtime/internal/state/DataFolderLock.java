package io.pluginkit.runtime.internal.state;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Properties;

/**
 * The OS lock on {@code <data>/.lock} that keeps a second PluginKit off a data folder in use: two
 * processes writing one {@code state.properties} would overwrite each other's decisions. The holder
 * writes its pid and start time into the file, so that the one refused can name it. The OS releases
 * the lock when the holder dies, even by {@code kill -9}, so a stale file never blocks a start.
 * <p>
 * The lock covers one byte far past the file's end, not its content: on Windows a locked range
 * cannot be read, and the one refused must read who holds it.
 */
final class DataFolderLock implements AutoCloseable {

	static final String FILE = ".lock";
	private static final long POSITION = Long.MAX_VALUE - 1;

	/** Thrown when another process (or this one) holds the lock. */
	static final class InUseException extends IOException {
		private static final long serialVersionUID = 1L;

		InUseException(Path dir, String holder) {
			super("the data folder " + dir + " is in use by another PluginKit (" + holder
				+ "); stop it or choose another -Dpluginkit.data.dir");
		}
	}

	private final FileChannel channel;
	private final FileLock lock;

	private DataFolderLock(FileChannel channel, FileLock lock) {
		this.channel = channel;
		this.lock = lock;
	}

	/**
	 * Takes the lock of {@code dir} and writes this process's pid and start time into it.
	 *
	 * @return the lock, or {@code null} when the lock file cannot be written (a read-only folder,
	 *         whose PluginKit saves nothing and so overwrites nothing); it was checked that no other
	 *         process holds it
	 * @throws InUseException when another PluginKit holds it
	 */
	static DataFolderLock acquire(Path dir) throws InUseException {
		Path file = dir.resolve(FILE);
		FileChannel channel;
		try {
			channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
				StandardOpenOption.WRITE);
		} catch (IOException | UnsupportedOperationException e) {
			checkNotHeld(dir, file);
			return null;
		}
		FileLock lock;
		try {
			lock = channel.tryLock(POSITION, 1, false);
		} catch (OverlappingFileLockException e) {
			lock = null; // this JVM holds it already
		} catch (IOException e) {
			close(channel);
			checkNotHeld(dir, file);
			return null; // a file system without locks: nothing to protect with
		}
		if (lock == null) {
			close(channel);
			throw new InUseException(dir, holder(file));
		}
		try {
			byte[] me = ("pid=" + ProcessHandle.current().pid() + "\nsince="
				+ OffsetDateTime.now().truncatedTo(ChronoUnit.SECONDS) + "\n").getBytes(StandardCharsets.US_ASCII);
			channel.truncate(0);
			channel.write(ByteBuffer.wrap(me), 0);
			channel.force(true);
		} catch (IOException e) {
			// a full disk: the lock holds all the same; the data folder's probe reports the disk
		}
		return new DataFolderLock(channel, lock);
	}

	/** With only read access: refuses when another process holds the lock, takes nothing. */
	private static void checkNotHeld(Path dir, Path file) throws InUseException {
		try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
			FileLock shared = channel.tryLock(POSITION, 1, true);
			if (shared == null) {
				throw new InUseException(dir, holder(file));
			}
			shared.release();
		} catch (OverlappingFileLockException e) {
			throw new InUseException(dir, holder(file));
		} catch (InUseException e) {
			throw e;
		} catch (IOException | UnsupportedOperationException e) {
			// no lock file (nobody who could write has been here) or no locks on this file system
		}
	}

	/** {@code pid N, since T} as the holder wrote it. */
	static String holder(Path file) {
		Properties p = new Properties();
		try {
			p.load(new java.io.StringReader(Files.readString(file, StandardCharsets.US_ASCII)));
		} catch (NoSuchFileException e) {
			return "pid unknown";
		} catch (IOException | IllegalArgumentException e) {
			return "pid unknown";
		}
		String pid = p.getProperty("pid", "unknown");
		String since = p.getProperty("since");
		return "pid " + pid + (since == null ? "" : ", since " + since);
	}

	/** Releases the lock; the file stays (deleting it would race with a process about to lock it). */
	@Override
	public void close() {
		try {
			lock.release();
		} catch (IOException e) {
			// the channel closes below, which releases it too
		}
		close(channel);
	}

	private static void close(FileChannel channel) {
		try {
			channel.close();
		} catch (IOException e) {
			// nothing left to release
		}
	}
}
