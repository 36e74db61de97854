package io.pluginkit.test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.jar.Attributes;
import java.util.jar.JarFile;

/**
 * Where PluginKit comes from: {@code -Dpluginkit.jar=<path>}, else the distribution jar on the test class
 * path ({@code io.pluginkit:pluginkit-distribution:<version>:jar:pluginkit}, a dependency of this kit); and which
 * {@code java} runs it: {@code -Dpluginkit.test.java}, else the test's own.
 */
final class Distribution {

	static final String JAR_PROPERTY = "pluginkit.jar";
	static final String JAVA_PROPERTY = "pluginkit.test.java";
	private static final String LAUNCHER = "io/pluginkit/launcher/Main.class";

	private Distribution() {
	}

	static Path jar() {
		String chosen = System.getProperty(JAR_PROPERTY, "");
		if (!chosen.isBlank()) {
			Path jar = Path.of(chosen).toAbsolutePath();
			if (!Files.isRegularFile(jar)) {
				throw new IllegalStateException("-D" + JAR_PROPERTY + "=" + chosen + " is not a file: build PluginKit"
					+ " (mvn package makes bndrun/target/pluginkit.jar) or drop the property");
			}
			return jar;
		}
		try {
			Enumeration<URL> found = Distribution.class.getClassLoader().getResources(LAUNCHER);
			while (found.hasMoreElements()) {
				URL url = found.nextElement();
				if (!"jar".equals(url.getProtocol())) {
					continue;
				}
				JarURLConnection connection = (JarURLConnection) url.openConnection();
				connection.setUseCaches(false);
				Path jar = Path.of(connection.getJarFileURL().toURI());
				try (JarFile file = new JarFile(jar.toFile())) {
					Attributes main = file.getManifest() == null ? null : file.getManifest().getMainAttributes();
					if (main != null && main.getValue("Embedded-Runpath") != null) {
						return jar;
					}
				}
			}
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		} catch (URISyntaxException e) {
			throw new IllegalStateException(e);
		}
		throw new IllegalStateException("PluginKit's pluginkit.jar is not on the test class path: depend on"
			+ " io.pluginkit:pluginkit-test (test scope), which brings it, or set -D" + JAR_PROPERTY + "=<path>");
	}

	static Path java() {
		String chosen = System.getProperty(JAVA_PROPERTY, "");
		Path java = chosen.isBlank() ? Path.of(System.getProperty("java.home"), "bin", "java") : Path.of(chosen);
		return Files.isDirectory(java) ? java.resolve("bin").resolve("java") : java;
	}
}
