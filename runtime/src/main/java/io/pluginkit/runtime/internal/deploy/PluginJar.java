package io.pluginkit.runtime.internal.deploy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.zip.ZipFile;

/** What the folder's scanner asks of a jar's content: whether it is complete, and its checksum. */
final class PluginJar implements FolderScanner.Content {

	private final Path folder;

	PluginJar(Path folder) {
		this.folder = folder;
	}

	@Override
	public String checksum(String name) throws IOException {
		return sha256(folder.resolve(name));
	}

	@Override
	public boolean complete(String name) {
		return isComplete(folder.resolve(name));
	}

	/** Whether a file is a complete jar (its central directory reads). */
	static boolean isComplete(Path jar) {
		try (ZipFile zip = new ZipFile(jar.toFile())) {
			return zip.size() >= 0;
		} catch (IOException e) {
			return false;
		}
	}

	static String sha256(Path file) throws IOException {
		try (InputStream in = new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
			in.transferTo(OutputStream.nullOutputStream());
			return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
		} catch (NoSuchAlgorithmException e) {
			throw new IllegalStateException(e);
		}
	}
}
