package io.pluginkit.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How the kit finds, packs and checks the plugin under test, and what it says when that plugin cannot run. */
class PluginUnderTestTest {

	@TempDir
	Path dir;

	@Test
	void aBundleFolderIsPackedIntoAJarWithItsManifestFirst() throws Exception {
		Path folder = dir.resolve("classes");
		Files.createDirectories(folder.resolve("META-INF"));
		Files.createDirectories(folder.resolve("static"));
		Files.writeString(folder.resolve("static/site.css"), "body{}");
		try (OutputStream out = Files.newOutputStream(folder.resolve("META-INF/MANIFEST.MF"))) {
			manifest(Map.of("Plugin-Name", "packed")).write(out);
		}

		Path jar = dir.resolve("packed.jar");
		PluginJar.writeTo(folder, jar);

		assertThat(PluginJar.pluginName(folder)).isEqualTo("packed");
		assertThat(PluginJar.pluginName(jar)).isEqualTo("packed");
		try (JarFile file = new JarFile(jar.toFile())) {
			assertThat(file.getEntry("static/site.css")).isNotNull();
			assertThat(file.getEntry("static/")).isNotNull();
		}
	}

	@Test
	void aFolderWithoutAManifestIsRefusedWithWhatToDo() throws Exception {
		Path folder = Files.createDirectories(dir.resolve("classes"));

		assertThatThrownBy(() -> PluginJar.writeTo(folder, dir.resolve("x.jar")))
			.hasMessageContaining("has no META-INF/MANIFEST.MF").hasMessageContaining("bnd-process");
	}

	@Test
	void aBundleThatIsNotAPluginIsRefusedBeforeAnythingStarts() throws Exception {
		Path jar = jar("library.jar", Map.of());

		assertThatThrownBy(() -> PluginKit.start(jar, List.of(), Map.of()))
			.hasMessageContaining("is not a plugin: its manifest has no Plugin-Name");
	}

	@Test
	void aPluginThatFailsToStartFailsTheTestWithTheRuntimesReason() throws Exception {
		Path jar = jar("anonymous.jar", Map.of("Plugin-Name", "anonymous"));

		assertThatThrownBy(() -> PluginKit.start(jar, List.of(), Map.of()))
			.hasMessageContaining("the plugin under test 'anonymous' did not start")
			.hasMessageContaining("FAILED")
			.hasMessageContaining("Plugin-Author is missing");
	}

	private Path jar(String name, Map<String, String> headers) throws Exception {
		Path jar = dir.resolve(name);
		try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), manifest(headers))) {
			// a manifest is all a bundle needs
		}
		return jar;
	}

	private static Manifest manifest(Map<String, String> headers) {
		Manifest manifest = new Manifest();
		Attributes main = manifest.getMainAttributes();
		main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
		main.putValue("Bundle-ManifestVersion", "2");
		main.putValue("Bundle-SymbolicName", "test." + headers.getOrDefault("Plugin-Name", "library"));
		main.putValue("Bundle-Version", "1.0.0");
		headers.forEach(main::putValue);
		return manifest;
	}
}
