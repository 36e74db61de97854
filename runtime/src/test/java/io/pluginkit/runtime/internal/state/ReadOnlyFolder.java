package io.pluginkit.runtime.internal.state;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Makes a folder that cannot be written, as a user meets it: permissions for an ordinary user, the
 * immutable attribute for root (whom permissions do not stop). The test is skipped where neither
 * works; {@link #close} makes the folder writable again so that JUnit can remove it.
 */
final class ReadOnlyFolder implements AutoCloseable {

	private final Path dir;
	private final boolean root;

	private ReadOnlyFolder(Path dir, boolean root) {
		this.dir = dir;
		this.root = root;
	}

	static ReadOnlyFolder of(Path dir) {
		boolean root = "root".equals(System.getProperty("user.name"));
		ReadOnlyFolder folder = new ReadOnlyFolder(dir, root);
		if (root) {
			chattr("+i", dir);
		} else {
			dir.toFile().setWritable(false, false);
		}
		assumeTrue(!canWrite(dir), "this system cannot make " + dir + " read-only");
		return folder;
	}

	private static boolean canWrite(Path dir) {
		try {
			Files.delete(Files.createTempFile(dir, "probe", ".tmp"));
			return true;
		} catch (IOException e) {
			return false;
		}
	}

	private static void chattr(String flag, Path dir) {
		try {
			Process p = new ProcessBuilder("chattr", flag, dir.toString()).redirectErrorStream(true).start();
			p.getInputStream().readAllBytes();
			p.waitFor(10, TimeUnit.SECONDS);
		} catch (IOException e) {
			// no chattr: the assumption skips the test
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
		}
	}

	@Override
	public void close() {
		if (root) {
			chattr("-i", dir);
		} else {
			dir.toFile().setWritable(true, true);
		}
	}
}
