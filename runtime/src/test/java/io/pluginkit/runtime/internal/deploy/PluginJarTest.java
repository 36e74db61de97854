package io.pluginkit.runtime.internal.deploy;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PluginJarTest {

	@TempDir
	Path folder;

	@Test
	void aFullyWrittenJarIsComplete() throws IOException {
		Path jar = Files.write(folder.resolve("teapot.jar"), jar());

		assertThat(PluginJar.isComplete(jar)).isTrue();
	}

	@Test
	void aJarStillBeingCopiedIsNotComplete() throws IOException {
		byte[] full = jar();
		for (int written : new int[] { 1, 100, full.length / 2, full.length - 30, full.length - 1 }) {
			Path jar = Files.write(folder.resolve("copying-" + written + ".jar"), Arrays.copyOf(full, written));

			assertThat(PluginJar.isComplete(jar)).as("%d of %d bytes", written, full.length).isFalse();
		}
	}

	@Test
	void anEmptyFileIsNotComplete() throws IOException {
		assertThat(PluginJar.isComplete(Files.createFile(folder.resolve("empty.jar")))).isFalse();
	}

	@Test
	void aFileThatIsNotAZipIsNotComplete() throws IOException {
		assertThat(PluginJar.isComplete(Files.writeString(folder.resolve("readme.jar"), "not a jar"))).isFalse();
	}

	@Test
	void aFileThatIsGoneIsNotComplete() {
		assertThat(PluginJar.isComplete(folder.resolve("deleted-meanwhile.jar"))).isFalse();
	}

	private static byte[] jar() throws IOException {
		Manifest manifest = new Manifest();
		manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
		manifest.getMainAttributes().putValue("Bundle-SymbolicName", "io.example.teapot");
		manifest.getMainAttributes().putValue("Bundle-ManifestVersion", "2");
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		try (JarOutputStream out = new JarOutputStream(bytes, manifest)) {
			for (int i = 0; i < 3; i++) {
				out.putNextEntry(new JarEntry("static/file" + i + ".txt"));
				out.write(("content " + i + "\n").repeat(40).getBytes(UTF_8));
				out.closeEntry();
			}
		}
		return bytes.toByteArray();
	}
}
