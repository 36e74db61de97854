package io.pluginkit.store.postgresql;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * This node's copies of the jars it read from or wrote to the database, in
 * {@code <data>/cluster/jars/<sha256>.jar}: a restart installs the plugin set without reading every
 * jar from the database again, and a node whose database is away still has what it ran. A copy is
 * trusted only when its content has the SHA-256 it is named by.
 */
final class JarCache {

	private final Path dir;

	JarCache(Path dataDir) {
		this.dir = dataDir.resolve("cluster").resolve("jars");
	}

	/** The content of a jar, or {@code null} when it is not here or not intact. */
	byte[] get(String sha256) {
		try {
			byte[] content = Files.readAllBytes(dir.resolve(sha256 + ".jar"));
			return sha256(content).equals(sha256) ? content : null;
		} catch (NoSuchFileException e) {
			return null;
		} catch (IOException e) {
			return null;
		}
	}

	/** Whether a copy of this content is here (not checked: {@link #get} checks it). */
	boolean has(String sha256) {
		return Files.isRegularFile(dir.resolve(sha256 + ".jar"));
	}

	/** Keeps a copy; a cache that cannot be written is only slower, never an error. */
	void put(String sha256, byte[] content) {
		try {
			Path target = dir.resolve(sha256 + ".jar");
			if (!Files.isRegularFile(target)) {
				LocalFiles.write(target, content);
			}
		} catch (IOException e) {
			// read from the database next time
		}
	}

	static String sha256(byte[] content) {
		try {
			return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
		} catch (NoSuchAlgorithmException e) {
			throw new IllegalStateException(e);
		}
	}
}
