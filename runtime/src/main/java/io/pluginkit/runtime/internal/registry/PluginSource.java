package io.pluginkit.runtime.internal.registry;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLConnection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Enumeration;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.zip.CRC32;
import java.util.zip.ZipException;

import io.pluginkit.api.Plugin;

/**
 * Where a plugin jar comes from, as typed by a user: a file path, or a
 * {@code file:}, {@code http:}, {@code https:} or {@code mvn:} URL. Also checks
 * that the jar is a bundle before anything is installed.
 */
final class PluginSource {

	private PluginSource() {
	}

	/** The bundle location for what the user typed: an absolute {@code file:} URI for paths. */
	static String location(String input) throws PluginException {
		String trimmed = input.trim();
		if (trimmed.isEmpty()) {
			throw new PluginException(PluginException.Kind.BAD_INPUT, "no plugin jar given: pass a path or a URL");
		}
		if (trimmed.startsWith("mvn:") || trimmed.startsWith("http:") || trimmed.startsWith("https:")
			|| trimmed.startsWith("file:")) {
			return trimmed;
		}
		Path path = Paths.get(trimmed).toAbsolutePath().normalize();
		if (!Files.isRegularFile(path)) {
			throw new PluginException(PluginException.Kind.BAD_INPUT, "no such file: " + path);
		}
		return path.toUri().toString();
	}

	/** Opens the jar behind a location. */
	static InputStream open(String location) throws PluginException {
		try {
			if (location.startsWith("mvn:")) {
				return Files.newInputStream(maven(location));
			}
			URLConnection connection = new URI(location).toURL().openConnection();
			connection.setConnectTimeout(10_000);
			connection.setReadTimeout(30_000);
			if (connection instanceof HttpURLConnection http && http.getResponseCode() >= 400) {
				int status = http.getResponseCode();
				String reason = http.getResponseMessage();
				http.disconnect();
				throw new PluginException(PluginException.Kind.BAD_INPUT, "cannot read '" + location
					+ "': the server answered " + status + (reason == null ? "" : " " + reason));
			}
			return connection.getInputStream();
		} catch (PluginException e) {
			throw e;
		} catch (URISyntaxException | IllegalArgumentException e) {
			throw new PluginException(PluginException.Kind.BAD_INPUT, "'" + location + "' is not a valid URL: "
				+ e.getMessage());
		} catch (IOException e) {
			throw new PluginException(PluginException.Kind.BAD_INPUT,
				"cannot read '" + location + "': " + e.getClass().getSimpleName() + ": " + e.getMessage());
		}
	}

	/** {@code mvn:group/artifact/version[/type[/classifier]]} in the local Maven repository. */
	static Path maven(String location) throws PluginException {
		String[] parts = location.substring("mvn:".length()).split("/");
		if (parts.length < 3) {
			throw new PluginException(PluginException.Kind.BAD_INPUT,
				"'" + location + "' is not a Maven URL: use mvn:group/artifact/version");
		}
		String type = parts.length > 3 && !parts[3].isEmpty() ? parts[3] : "jar";
		String classifier = parts.length > 4 && !parts[4].isEmpty() ? "-" + parts[4] : "";
		String repo = System.getProperty("pluginkit.maven.repo",
			Paths.get(System.getProperty("user.home"), ".m2", "repository").toString());
		Path file = Paths.get(repo, parts[0].replace('.', '/'), parts[1], parts[2],
			parts[1] + "-" + parts[2] + classifier + "." + type);
		if (!Files.isRegularFile(file)) {
			throw new PluginException(PluginException.Kind.BAD_INPUT, location + " is not in the local Maven repository ("
				+ file + "); fetch it first with mvn dependency:get -Dartifact=" + parts[0] + ":" + parts[1] + ":"
				+ parts[2]);
		}
		return file;
	}

	/** What the manifest of a jar says, enough to check it before installing. */
	record JarHeaders(String symbolicName, String pluginName) {
	}

	/**
	 * Reads the manifest of a jar file, rejecting what is not an OSGi bundle
	 * with a message naming {@code what} (a file name or a location).
	 */
	static JarHeaders check(Path jar, String what) throws PluginException {
		Manifest manifest;
		// JarFile reads the central directory, which a truncated jar lacks, and
		// finds the manifest wherever it is (JarInputStream only looks first)
		try (JarFile file = new JarFile(jar.toFile(), false)) {
			manifest = file.getManifest();
			if (manifest == null) {
				throw new PluginException(PluginException.Kind.BAD_INPUT,
					what + " is not an OSGi bundle: it has no META-INF/MANIFEST.MF");
			}
			// read every entry so that a damaged one is caught here, not by the framework
			byte[] buffer = new byte[8192];
			for (Enumeration<JarEntry> entries = file.entries(); entries.hasMoreElements();) {
				JarEntry entry = entries.nextElement();
				CRC32 crc = new CRC32();
				try (InputStream in = file.getInputStream(entry)) {
					for (int n; (n = in.read(buffer)) >= 0;) {
						crc.update(buffer, 0, n);
					}
				}
				if (entry.getCrc() != -1 && entry.getCrc() != crc.getValue()) {
					throw new ZipException(entry.getName() + " is damaged (its CRC does not match)");
				}
			}
		} catch (IOException e) {
			throw new PluginException(PluginException.Kind.BAD_INPUT,
				what + " is not a valid jar: " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
		}
		Attributes main = manifest.getMainAttributes();
		String bsn = main.getValue("Bundle-SymbolicName");
		if (bsn == null || bsn.isBlank() || !"2".equals(trim(main.getValue("Bundle-ManifestVersion")))) {
			throw new PluginException(PluginException.Kind.BAD_INPUT,
				what + " is not an OSGi bundle: its manifest has no Bundle-SymbolicName/Bundle-ManifestVersion: 2");
		}
		String name = main.getValue(Plugin.NAME);
		return new JarHeaders(bsn.split(";")[0].trim(), name == null ? null : name.trim());
	}

	private static String trim(String s) {
		return s == null ? null : s.trim();
	}

	/** What to call a jar in messages: its file name, or the whole {@code mvn:} URL. */
	static String fileName(String location) {
		if (location.startsWith("mvn:")) {
			return location;
		}
		int slash = location.lastIndexOf('/');
		return slash >= 0 ? location.substring(slash + 1) : location;
	}

}
