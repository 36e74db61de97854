package io.pluginkit.store.postgresql;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * How this node's files under {@code <data>/cluster} are written: to a hidden temp file beside the
 * target, then renamed over it, so that a crash leaves the old content or the new one, never half of
 * it. (The runtime's own files go through its {@code AtomicFile}, which also fsyncs: these are copies
 * of what the database holds, so a lost write only costs a read from the database.)
 */
final class LocalFiles {

	private LocalFiles() {
	}

	/** Writes {@code target} in one step, creating its folder; when this throws, {@code target} is as it was. */
	static void write(Path target, byte[] content) throws IOException {
		Path dir = Files.createDirectories(target.toAbsolutePath().getParent());
		Path tmp = Files.createTempFile(dir, "." + target.getFileName() + "-", ".tmp");
		try {
			Files.write(tmp, content);
			try {
				Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
			} catch (AtomicMoveNotSupportedException e) {
				Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
			}
		} finally {
			Files.deleteIfExists(tmp);
		}
	}
}
