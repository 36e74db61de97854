package io.pluginkit.test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;

/** The plugin under test: where it is, its {@code Plugin-Name}, and a bundle folder packed as a jar. */
final class PluginJar {

	/** System property naming the plugin under test (a jar or a bundle folder). */
	static final String PROPERTY = "pluginkit.test.plugin";
	static final String PLUGIN_NAME = "Plugin-Name";

	private PluginJar() {
	}

	/** The jar or folder under test: the annotation's, else the system property's, else target/classes. */
	static Path underTest(String fromAnnotation) {
		String chosen = !fromAnnotation.isBlank() ? fromAnnotation : System.getProperty(PROPERTY, "");
		Path path = Path.of(chosen.isBlank() ? "target/classes" : chosen).toAbsolutePath().normalize();
		if (!Files.exists(path)) {
			throw new IllegalStateException("the plugin under test " + path + " does not exist: build it first"
				+ " (mvn test compiles target/classes), or name it with @PluginKitTest(plugin = ...) or -D" + PROPERTY);
		}
		return path;
	}

	/** The {@code Plugin-Name} of a jar or bundle folder, or {@code null} when it has none. */
	static String pluginName(Path jarOrFolder) {
		Manifest manifest = manifest(jarOrFolder);
		return manifest == null ? null : manifest.getMainAttributes().getValue(PLUGIN_NAME);
	}

	static Manifest manifest(Path jarOrFolder) {
		try {
			if (Files.isDirectory(jarOrFolder)) {
				Path mf = jarOrFolder.resolve(JarFile.MANIFEST_NAME);
				if (!Files.isRegularFile(mf)) {
					return null;
				}
				try (InputStream in = Files.newInputStream(mf)) {
					return new Manifest(in);
				}
			}
			try (JarFile jar = new JarFile(jarOrFolder.toFile())) {
				return jar.getManifest();
			}
		} catch (IOException e) {
			throw new UncheckedIOException("cannot read the manifest of " + jarOrFolder + ": " + e.getMessage(), e);
		}
	}

	/**
	 * Writes the plugin as a jar to {@code target}: a jar is copied, a bundle folder is packed (manifest
	 * first, as a jar must have it).
	 */
	static void writeTo(Path source, Path target) throws IOException {
		if (!Files.isDirectory(source)) {
			Files.copy(source, target);
			return;
		}
		Manifest manifest = manifest(source);
		if (manifest == null) {
			throw new IllegalStateException(source + " has no META-INF/MANIFEST.MF, so it is not a bundle yet: run"
				+ " bnd-maven-plugin's bnd-process goal before the tests (the archetype's pom does), or test the"
				+ " built jar with -D" + PROPERTY + "=target/<name>.jar in the integration-test phase");
		}
		List<Path> files;
		try (Stream<Path> walk = Files.walk(source)) {
			files = walk.filter(p -> !p.equals(source)).sorted().toList();
		}
		try (OutputStream out = Files.newOutputStream(target); JarOutputStream jar = new JarOutputStream(out, manifest)) {
			for (Path file : files) {
				String name = source.relativize(file).toString().replace('\\', '/');
				if (name.equalsIgnoreCase(JarFile.MANIFEST_NAME) || name.equalsIgnoreCase("META-INF")) {
					continue;
				}
				if (Files.isDirectory(file)) {
					jar.putNextEntry(new ZipEntry(name + "/"));
				} else {
					jar.putNextEntry(new ZipEntry(name));
					Files.copy(file, jar);
				}
				jar.closeEntry();
			}
		}
	}
}
