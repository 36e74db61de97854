package io.pluginkit.runtime.internal.registry;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import org.osgi.framework.Version;

import io.pluginkit.runtime.internal.registry.PluginException.Kind;

/**
 * Gets a jar ready for installing, before anything running is touched: fetches it from where
 * the user said into a temporary file, checks it is a sound bundle, reads and checks its plugin
 * metadata, and fingerprints it.
 */
public final class JarInspector {

	/**
	 * A jar checked and ready to install.
	 *
	 * @param metadata its plugin metadata, or {@code null} for a library (no {@code Plugin-Name})
	 * @param sha256 its content's fingerprint
	 */
	record Candidate(Path jar, String what, PluginMetadata metadata, String sha256) {

		String pluginName() {
			return metadata == null ? null : metadata.name();
		}
	}

	private final Version runtimeVersion;
	private volatile InstallLimits limits;

	JarInspector(Version runtimeVersion, InstallLimits limits) {
		this.runtimeVersion = runtimeVersion;
		this.limits = limits;
	}

	/** The largest jar a download (or an admin upload) may be, in bytes. */
	long maxDownloadBytes() {
		return limits.maxDownloadBytes();
	}

	/** New limits (a changed configuration) apply to the next download and check. */
	void limits(InstallLimits next) {
		this.limits = next;
	}

	/** Copies the jar behind a location into a temporary file; the caller deletes it. */
	Path download(String location) throws PluginException {
		try {
			Path tmp = Files.createTempFile("pluginkit-", ".jar");
			try (InputStream in = PluginSource.open(location, limits)) {
				Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
			} catch (PluginException | IOException e) {
				deleteQuietly(tmp);
				throw e;
			}
			return tmp;
		} catch (IOException e) {
			throw new PluginException(Kind.BAD_INPUT, "cannot read '" + location + "': " + e.getMessage(), e);
		}
	}

	/**
	 * Checks a jar: a complete, sound OSGi bundle with a valid {@code Bundle-Version}, and, when it
	 * is a plugin, its metadata as it would be read once installed.
	 *
	 * @param what how messages name it (a file name or a location)
	 */
	Candidate inspect(Path jar, String what) throws PluginException {
		PluginSource.JarHeaders jarHeaders = PluginSource.check(jar, what, limits.maxExpandedBytes());
		String version = jarHeaders.headers().get("Bundle-Version");
		if (version != null) {
			try {
				Version.parseVersion(version.trim());
			} catch (IllegalArgumentException e) {
				throw new PluginException(Kind.BAD_INPUT, what + " has an invalid Bundle-Version '"
					+ PluginMetadata.cut(version) + "': use the OSGi form 1.2.3 or 1.2.3.qualifier");
			}
		}
		PluginMetadata metadata = jarHeaders.pluginName() == null ? null
			: PluginMetadata.read(jarHeaders.headers(), path -> jarHeaders.entries().contains(stripSlash(path)),
				runtimeVersion);
		try {
			return new Candidate(jar, what, metadata, sha256(jar));
		} catch (IOException e) {
			throw new PluginException(Kind.BAD_INPUT, "cannot read " + jar.getFileName() + ": " + e.getMessage(), e);
		}
	}

	private static String stripSlash(String path) {
		return path.startsWith("/") ? path.substring(1) : path;
	}

	/** The SHA-256 of a file's content, in hex: how the folder and the registry tell contents apart. */
	public static String sha256(Path file) throws IOException {
		try (DigestInputStream in = new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
			in.transferTo(java.io.OutputStream.nullOutputStream());
			return HexFormat.of().formatHex(in.getMessageDigest().digest());
		} catch (NoSuchAlgorithmException e) {
			throw new IllegalStateException(e);
		}
	}

	static void deleteQuietly(Path p) {
		try {
			Files.deleteIfExists(p);
		} catch (IOException e) {
			// a temp file left behind is harmless
		}
	}
}
