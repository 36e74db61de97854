package io.pluginkit.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.pluginkit.testing.Await;
import io.pluginkit.testing.TestJars;

/**
 * The plain Felix commands work as in Felix next to the {@code plugin:*} ones (DESIGN §6), and
 * stopping PluginKit's own bundle stops the process instead of leaving it without a console.
 */
class PlainFelixCommandsIT {

	@Test
	void unscopedUninstallIsFelixsAndRemovesALibrary(@TempDir Path temp) throws IOException {
		try (PluginKitProcess pluginkit = launch(temp)) {
			Path jar = TestJars.bundle("test.library.plain").writeTo(temp.resolve("downloads/plain.jar"));
			String installed = String.join("\n", pluginkit.shell("install " + jar.toUri()));
			String id = installed.replaceAll("(?s).*?(\\d+).*", "$1");
			Await.until("lb lists the library", () -> String.join("\n", pluginkit.shell("lb -s")),
				l -> l.contains("test.library.plain"));

			// plugin:uninstall would refuse a library ("bundle N is a library, not a plugin")
			assertThat(pluginkit.shell("uninstall " + id)).noneMatch(l -> l.contains("not a plugin"));

			Await.until("lb no longer lists it", () -> String.join("\n", pluginkit.shell("lb -s")),
				l -> !l.contains("test.library.plain"));
		}
	}

	@Test
	void stoppingTheRuntimeBundleStopsPluginKit(@TempDir Path temp) throws IOException {
		try (PluginKitProcess pluginkit = launch(temp)) {
			String runtime = pluginkit.shell("lb -s").stream()
				.filter(l -> l.contains("io.pluginkit.runtime"))
				.findFirst()
				.orElseThrow(() -> new AssertionError("lb -s does not list io.pluginkit.runtime"));
			String id = runtime.trim().split("[\\s|]+")[0];

			pluginkit.send("stop " + id + "\n");

			pluginkit.awaitLine(l -> l.contains("runtime bundle was stopped: PluginKit stops"));
			pluginkit.awaitExit();
			assertThat(pluginkit.isAlive()).isFalse();
		}
	}

	private static PluginKitProcess launch(Path temp) throws IOException {
		Path plugins = Files.createDirectories(temp.resolve("plugins"));
		Files.copy(PluginKitProcess.samples().resolve("helloworld.jar"), plugins.resolve("helloworld.jar"));
		return new PluginKitProcess(temp.resolve("data"), plugins).start();
	}
}
