package io.pluginkit.runtime.internal.registry;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Dictionary;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.Hashtable;
import java.util.Set;
import java.util.Locale;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.regex.Pattern;
import java.util.zip.CRC32;
import java.util.zip.ZipException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.pluginkit.api.Plugin;

/**
 * Where a plugin jar comes from, as typed by a user: a file path, or a
 * {@code file:}, {@code http:}, {@code https:} or {@code mvn:} URL. Also checks
 * that the jar is a bundle before anything is installed.
 */
final class PluginSource {

	private static final Logger LOG = LoggerFactory.getLogger(PluginSource.class);

	/** The most a jar's entries may expand to, in bytes: more is refused as a possible zip bomb. */
	static final String MAX_EXPANDED_BYTES = InstallLimits.MAX_EXPANDED_BYTES;
	/** The largest jar an {@code http:}/{@code https:} install downloads, in bytes. */
	static final String INSTALL_MAX_BYTES = InstallLimits.MAX_DOWNLOAD_BYTES;
	/** How long an {@code http:}/{@code https:} download may take in all, in seconds. */
	static final String INSTALL_TIMEOUT_SECONDS = InstallLimits.DOWNLOAD_TIMEOUT_SECONDS;

	private static final Pattern SCHEME = Pattern.compile("(?i)(mvn|https?|file):.*", Pattern.DOTALL);

	private PluginSource() {
	}

	/**
	 * The bundle location for what the user typed: an absolute {@code file:} URI for paths, the URL
	 * itself (its scheme in lower case: {@code HTTP://} is a URL too) for {@code mvn:},
	 * {@code http:}, {@code https:} and {@code file:}.
	 */
	static String location(String input) throws PluginException {
		String trimmed = input.trim();
		if (trimmed.isEmpty()) {
			throw new PluginException(PluginException.Kind.BAD_INPUT, "no plugin jar given: pass a path or a URL");
		}
		if (SCHEME.matcher(trimmed).matches()) {
			return lowerCaseScheme(trimmed);
		}
		Path path = Paths.get(trimmed).toAbsolutePath().normalize();
		if (!Files.isRegularFile(path)) {
			throw new PluginException(PluginException.Kind.BAD_INPUT, "no such file: " + path);
		}
		return path.toUri().toString();
	}

	private static String lowerCaseScheme(String url) {
		int colon = url.indexOf(':');
		return url.substring(0, colon).toLowerCase(Locale.ROOT) + url.substring(colon);
	}

	/**
	 * Opens the jar behind a location. An {@code http:}/{@code https:} one is downloaded first, within
	 * {@value #INSTALL_TIMEOUT_SECONDS} (default 30 s) and up to {@value #INSTALL_MAX_BYTES} (default
	 * 64 MiB), following redirects (from {@code http:} to {@code https:} too, never back).
	 */
	static InputStream open(String location) throws PluginException {
		return open(location, InstallLimits.fromSystemProperties());
	}

	/** {@link #open(String)} within the given limits. */
	static InputStream open(String location, InstallLimits limits) throws PluginException {
		String url = SCHEME.matcher(location).matches() ? lowerCaseScheme(location) : location;
		try {
			if (url.startsWith("mvn:")) {
				return Files.newInputStream(maven(url));
			}
			if (url.startsWith("http:") || url.startsWith("https:")) {
				return new Download(new URI(url), limits.maxDownloadBytes(), limits.downloadTimeout()).open();
			}
			return new URI(url).toURL().openStream();
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

	/** A byte count as a user reads it: {@code 64 MiB}, {@code 1.5 KiB}, {@code 100 bytes}. */
	static String bytes(long n) {
		if (n >= 1L << 20 && n % (1L << 20) == 0) {
			return (n >> 20) + " MiB";
		}
		if (n >= 1L << 20) {
			return String.format(Locale.ROOT, "%.1f MiB", n / (double) (1L << 20));
		}
		if (n >= 1L << 10) {
			return String.format(Locale.ROOT, "%.1f KiB", n / 1024.0);
		}
		return n + " bytes";
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

	/**
	 * What a checked jar holds, enough to check it before installing.
	 *
	 * @param headers the manifest's main headers, as a bundle's {@code getHeaders} gives them
	 * @param entries the names of the jar's entries
	 */
	record JarHeaders(String symbolicName, String pluginName, Dictionary<String, String> headers, Set<String> entries) {
	}

	/**
	 * Reads the manifest of a jar file, rejecting what is not an OSGi bundle with a message naming
	 * {@code what} (a file name or a location). Every entry is read, so that a damaged one is caught
	 * here and not by the framework; a jar whose entries expand to more than
	 * {@value #MAX_EXPANDED_BYTES} (default 256 MiB) is refused as soon as that is known.
	 */
	static JarHeaders check(Path jar, String what) throws PluginException {
		return check(jar, what, InstallLimits.fromSystemProperties().maxExpandedBytes());
	}

	static JarHeaders check(Path jar, String what, long maxExpanded) throws PluginException {
		Manifest manifest;
		Set<String> names = new HashSet<>();
		// JarFile reads the central directory, which a truncated jar lacks, and
		// finds the manifest wherever it is (JarInputStream only looks first)
		try (JarFile file = new JarFile(jar.toFile(), false)) {
			// what the central directory declares first: a bomb that says what it is costs nothing
			long declared = 0;
			for (Enumeration<JarEntry> entries = file.entries(); entries.hasMoreElements();) {
				long size = entries.nextElement().getSize();
				declared += Math.max(size, 0);
				if (declared > maxExpanded) {
					throw tooLarge(what, maxExpanded);
				}
			}
			manifest = file.getManifest();
			if (manifest == null) {
				throw new PluginException(PluginException.Kind.BAD_INPUT,
					what + " is not an OSGi bundle: it has no META-INF/MANIFEST.MF");
			}
			// then what the entries really expand to, stopping at the limit
			byte[] buffer = new byte[8192];
			long expanded = 0;
			for (Enumeration<JarEntry> entries = file.entries(); entries.hasMoreElements();) {
				JarEntry entry = entries.nextElement();
				names.add(entry.getName());
				CRC32 crc = new CRC32();
				try (InputStream in = file.getInputStream(entry)) {
					for (int n; (n = in.read(buffer)) >= 0;) {
						expanded += n;
						if (expanded > maxExpanded) {
							throw tooLarge(what, maxExpanded);
						}
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
		Hashtable<String, String> headers = new Hashtable<>();
		main.forEach((k, v) -> headers.put(k.toString(), String.valueOf(v)));
		return new JarHeaders(bsn.split(";")[0].trim(), name == null ? null : name.trim(), headers, Set.copyOf(names));
	}

	private static PluginException tooLarge(String what, long maxExpanded) {
		return new PluginException(PluginException.Kind.BAD_INPUT, what + " expands to more than " + bytes(maxExpanded)
			+ " (" + MAX_EXPANDED_BYTES + "): refused as a possible zip bomb; raise the limit if the jar is genuine");
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
