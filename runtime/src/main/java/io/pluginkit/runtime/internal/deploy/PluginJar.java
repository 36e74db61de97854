package io.pluginkit.runtime.internal.deploy;

import java.io.IOException;
import java.nio.file.Path;
import java.util.zip.ZipFile;

/** Whether a file in the folder is a complete jar (its central directory reads). */
final class PluginJar {

	private PluginJar() {
	}

	static boolean isComplete(Path jar) {
		try (ZipFile zip = new ZipFile(jar.toFile())) {
			return zip.size() >= 0;
		} catch (IOException e) {
			return false;
		}
	}
}
