package io.pluginkit.e2e;

import static io.pluginkit.e2e.FolderDecisionsIT.replies;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.pluginkit.testing.TestJars;

/**
 * The copy PluginKit keeps of a plugin installed from the shell: without it nothing is installed,
 * and when it is lost the plugin is shown FAILED saying so, never silently gone.
 */
class KeptCopyIT {

	@TempDir
	Path temp;
	Path plugins;
	Path data;
	Path downloads;

	@BeforeEach
	void folders() throws IOException {
		plugins = Files.createDirectories(temp.resolve("plugins"));
		downloads = Files.createDirectories(temp.resolve("downloads"));
		data = temp.resolve("data");
	}

	@Test
	void anInstallWhoseCopyCannotBeKeptFailsInOneLineAndInstallsNothing() throws IOException {
		Path visitor = TestJars.servletPlugin("visitor", "/visitor", "here").writeTo(downloads.resolve("visitor.jar"));
		try (PluginKitProcess pluginkit = new PluginKitProcess(data, plugins).start()) {
			// the copies' folder becomes a file: no copy can be written there
			Path bundles = data.resolve("bundles");
			try (Stream<Path> kept = Files.list(bundles)) {
				assertThat(kept).isEmpty();
			}
			Files.delete(bundles);
			Files.writeString(bundles, "not a folder");

			List<String> reply = replies(pluginkit.shell("plugin:install " + visitor));

			assertThat(reply).singleElement().satisfies(line -> assertThat(line)
				.contains("cannot keep a copy of " + visitor.toUri())
				.contains("nothing was installed"));
			assertThat(pluginkit.listRow("visitor")).isNull();
			assertThat(pluginkit.listRow("visitor.jar")).isNull();
			assertThat(pluginkit.get("/visitor").statusCode()).isEqualTo(404);
			assertThat(String.join("\n", pluginkit.shell("plugin:libraries"))).doesNotContain("visitor");
		}
	}

	@Test
	void aPluginWhoseKeptCopyWentMissingWhileStoppedIsShownFailedSayingSo() throws IOException {
		Path visitor = TestJars.servletPlugin("visitor", "/visitor", "here").writeTo(downloads.resolve("visitor.jar"));
		try (PluginKitProcess first = new PluginKitProcess(data, plugins).start()) {
			assertThat(first.shell("plugin:install " + visitor))
				.anySatisfy(l -> assertThat(l).startsWith("plugin 'visitor' 1.0.0 installed as bundle"));
			assertThat(first.awaitStatus("/visitor", 200).body()).isEqualTo("here");
			first.stop();
		}
		try (Stream<Path> kept = Files.list(data.resolve("bundles"))) {
			List<Path> jars = kept.filter(p -> p.toString().endsWith(".jar")).toList();
			assertThat(jars).hasSize(1);
			Files.delete(jars.get(0));
		}

		try (PluginKitProcess second = new PluginKitProcess(data, plugins).start()) {
			assertThat(second.startupLine()).endsWith("0 plugins enabled, 0 disabled, 1 failed");
			List<String> rows = second.shell("plugin:list").stream().filter(l -> l.contains("visitor")).toList();
			assertThat(rows).singleElement().satisfies(row -> assertThat(row)
				.contains("FAILED")
				.contains("kept copy")
				.contains("missing")
				.contains("plugin:install"));
			assertThat(second.get("/visitor").statusCode()).isEqualTo(404);
			assertThat(second.get("/health").body()).contains("\"status\":\"DEGRADED\"").contains("kept copy");
		}
	}
}
