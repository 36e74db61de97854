package io.pluginkit.runtime.internal.deploy;

import java.io.IOException;
import java.nio.file.Path;
import java.util.zip.ZipFile;

import io.pluginkit.runtime.internal.registry.JarInspector;

/** What the folder's scanner asks of a jar's content: whether it is complete, and its checksum. */
final class PluginJar implements FolderScanner.Content {

	private final Path folder;

	PluginJar(Path folder) {
		this.folder = folder;
	}

	@Override
	public String checksum(String name) throws IOException {
		return JarInspector.sha256(folder.resolve(name));
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
}
