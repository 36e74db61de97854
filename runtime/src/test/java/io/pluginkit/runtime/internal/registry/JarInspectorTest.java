package io.pluginkit.runtime.internal.registry;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Version;

import io.pluginkit.runtime.internal.registry.PluginException.Kind;
import io.pluginkit.runtime.internal.registry.JarInspector.Candidate;

/** A jar is checked, as a bundle and as a plugin, before anything running is touched. */
class JarInspectorTest {

	@TempDir
	Path dir;

	private final JarInspector installer = new JarInspector(Version.parseVersion("1.0.0.SNAPSHOT"),
		InstallLimits.fromSystemProperties());

	@Test
	void aSoundPluginIsReadyWithItsMetadataAndFingerprint() throws Exception {
		Path jar = write("teapot.jar", plugin("teapot").with("Plugin-Readme-File", "/README.md"), "README.md");

		Candidate c = installer.inspect(jar, "teapot.jar");

		assertThat(c.jar()).isEqualTo(jar);
		assertThat(c.what()).isEqualTo("teapot.jar");
		assertThat(c.pluginName()).isEqualTo("teapot");
		assertThat(c.metadata().problem()).isNull();
		assertThat(c.metadata().version()).isEqualTo("1.2.3");
		assertThat(c.sha256()).isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
			.digest(Files.readAllBytes(jar))));
	}

	@Test
	void aBadBundleVersionIsRefusedNamingTheJarAndTheValue() throws IOException {
		Path jar = write("teapot.jar", plugin("teapot").with("Bundle-Version", "1.0-beta"));

		assertThatThrownBy(() -> installer.inspect(jar, "teapot.jar")).isInstanceOf(PluginException.class)
			.hasMessage("teapot.jar has an invalid Bundle-Version '1.0-beta': use the OSGi form 1.2.3 or 1.2.3.qualifier")
			.satisfies(e -> assertThat(((PluginException) e).kind()).isEqualTo(Kind.BAD_INPUT));
	}

	@Test
	void aLibraryWithABadBundleVersionIsRefusedToo() throws IOException {
		Path jar = write("util.jar", library("org.example.util").with("Bundle-Version", "v2"));

		assertThatThrownBy(() -> installer.inspect(jar, "util.jar"))
			.hasMessageStartingWith("util.jar has an invalid Bundle-Version 'v2'");
	}

	@Test
	void aHugeBadBundleVersionIsCutInTheMessage() throws IOException {
		Path jar = write("teapot.jar", plugin("teapot").with("Bundle-Version", "1.x" + "y".repeat(100_000)));

		assertThatThrownBy(() -> installer.inspect(jar, "teapot.jar"))
			.satisfies(e -> assertThat(e.getMessage()).hasSizeLessThan(300).contains("(100003 characters)"));
	}

	@Test
	void aPluginWithInvalidMetadataIsReadyWithItsProblemSoTheCallerCanRefuseIt() throws Exception {
		Map<String, String> headers = plugin("anonymous");
		headers.remove("Plugin-Author");
		Path jar = write("anonymous.jar", headers);

		Candidate c = installer.inspect(jar, "anonymous.jar");

		assertThat(c.pluginName()).isEqualTo("anonymous");
		assertThat(c.metadata().problem()).contains("Plugin-Author is missing");
	}

	@Test
	void aReadmeNamedInTheManifestButMissingFromTheJarIsAProblem() throws Exception {
		Path jar = write("teapot.jar", plugin("teapot").with("Plugin-Readme-File", "README.md"));

		assertThat(installer.inspect(jar, "teapot.jar").metadata().problem())
			.contains("Plugin-Readme-File 'README.md' is not in the bundle");
	}

	@Test
	void aPluginThatNeedsANewerPluginKitIsAProblem() throws Exception {
		Path jar = write("future.jar", plugin("future").with("Plugin-Requires", "[2.0,3)"));

		assertThat(installer.inspect(jar, "future.jar").metadata().problem())
			.contains("Plugin-Requires '[2.0,3)' does not include this PluginKit's version 1.0.0");
	}

	@Test
	void aBundleWithoutPluginNameIsALibraryWithoutMetadata() throws Exception {
		Path jar = write("util.jar", library("org.example.util"));

		Candidate c = installer.inspect(jar, "util.jar");

		assertThat(c.metadata()).isNull();
		assertThat(c.pluginName()).isNull();
		assertThat(c.sha256()).hasSize(64);
	}

	@Test
	void aFileThatIsNotABundleIsRefusedByName() throws IOException {
		Path notAJar = Files.writeString(dir.resolve("notes.jar"), "not a zip");
		Path noBundle = write("plain.jar", new LinkedHashMap<>(Map.of("Implementation-Title", "plain")));

		assertThatThrownBy(() -> installer.inspect(notAJar, "notes.jar")).hasMessageStartingWith("notes.jar is not a valid jar");
		assertThatThrownBy(() -> installer.inspect(noBundle, "plain.jar"))
			.hasMessageStartingWith("plain.jar is not an OSGi bundle");
	}

	@Test
	void aDownloadIsATemporaryCopyOfTheJar() throws Exception {
		Path jar = write("teapot.jar", plugin("teapot"));

		Path copy = installer.download(jar.toUri().toString());
		try {
			assertThat(copy).isNotEqualTo(jar).hasSameBinaryContentAs(jar);
		} finally {
			JarInspector.deleteQuietly(copy);
		}
		assertThat(copy).doesNotExist();
	}

	@Test
	void aDownloadOfAMissingFileSaysWhatCannotBeRead() {
		String location = dir.resolve("missing.jar").toUri().toString();

		assertThatThrownBy(() -> installer.download(location)).isInstanceOf(PluginException.class)
			.hasMessageStartingWith("cannot read '" + location + "'");
	}

	// ------------------------------------------------------------------ jars written with java.util.jar

	/** A fluent map of manifest headers. */
	static final class Headers extends LinkedHashMap<String, String> {
		private static final long serialVersionUID = 1L;

		Headers with(String key, String value) {
			put(key, value);
			return this;
		}
	}

	static Headers plugin(String name) {
		return library("test.plugin." + name).with("Plugin-Name", name).with("Plugin-Author", "Jane Doe");
	}

	static Headers library(String symbolicName) {
		return new Headers().with("Bundle-ManifestVersion", "2")
			.with("Bundle-SymbolicName", symbolicName)
			.with("Bundle-Version", "1.2.3");
	}

	private Path write(String file, Map<String, String> headers, String... resources) throws IOException {
		Manifest manifest = new Manifest();
		Attributes main = manifest.getMainAttributes();
		main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
		headers.forEach(main::putValue);
		Path jar = dir.resolve(file);
		try (OutputStream out = Files.newOutputStream(jar); JarOutputStream zip = new JarOutputStream(out, manifest)) {
			for (String r : resources) {
				zip.putNextEntry(new JarEntry(r));
				zip.write(("# " + r + "\n").getBytes(UTF_8));
				zip.closeEntry();
			}
		}
		return jar;
	}
}
