package io.pluginkit.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.pluginkit.testing.Await;
import io.pluginkit.testing.TestJars;

/**
 * An admin's decision about a folder plugin, and an update of it, are kept whatever happens to the
 * folder jar meanwhile and across restarts: a decision is forgotten only on an explicit uninstall.
 */
class FolderDecisionsIT {

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

	PluginKitProcess launch() {
		return new PluginKitProcess(data, plugins).start();
	}

	@Test
	void aDisabledFolderPluginWhoseJarIsDeletedAndCopiedBackStaysDisabled() {
		Path jar = plugins.resolve("keeper.jar");
		byte[] content = TestJars.servletPlugin("keeper", "/keeper", "kept").bytes();
		TestJars.write(jar, content);
		try (PluginKitProcess first = launch()) {
			assertThat(first.shell("plugin:disable keeper")).contains("plugin 'keeper' DISABLED");
			first.awaitStatus("/keeper", 404);

			delete(jar);
			Await.until("keeper leaves plugin:list", () -> first.listRow("keeper"), row -> row == null);
			TestJars.write(jar, content);

			String row = Await.until("keeper is back in plugin:list", () -> first.listRow("keeper"),
				r -> r != null && !r.contains("INSTALLED"));
			assertThat(row).contains("DISABLED");
			assertThat(first.get("/keeper").statusCode()).isEqualTo(404);
			first.stop();
		}
		try (PluginKitProcess second = launch()) {
			assertThat(second.startupLine()).endsWith("0 plugins enabled, 1 disabled, 0 failed");
			assertThat(second.listRow("keeper")).contains("DISABLED");
			assertThat(second.get("/keeper").statusCode()).isEqualTo(404);
		}
	}

	@Test
	void aShellUpdateOfAFolderPluginReplacesItsFolderJarSoARestartKeepsIt() throws IOException {
		Path jar = plugins.resolve("evolver.jar");
		TestJars.servletPlugin("evolver", "/evolver", "v1").writeTo(jar);
		Path v2 = TestJars.servletPlugin("evolver", "/evolver", "v2").version("2.0.0")
			.writeTo(downloads.resolve("evolver-2.jar"));
		try (PluginKitProcess first = launch()) {
			assertThat(first.get("/evolver").body()).isEqualTo("v1");

			assertThat(first.shell("plugin:update evolver " + v2)).contains("plugin 'evolver' updated to 2.0.0: ENABLED");

			assertThat(first.awaitStatus("/evolver", 200).body()).isEqualTo("v2");
			assertThat(jar).as("the folder jar is the new version").hasSameBinaryContentAs(v2);
			assertThat(plugins).isDirectoryNotContaining(p -> !p.getFileName().toString().equals("evolver.jar"));
			first.kill();
		}
		try (PluginKitProcess second = launch()) {
			assertThat(second.listRow("evolver")).contains("2.0.0", "ENABLED");
			assertThat(second.get("/evolver").body()).isEqualTo("v2");
		}
	}

	/**
	 * Each round enables the plugin, writes a new version of its jar to the folder and disables it
	 * a moment later, a different moment each round (0 to 475 ms, spanning the folder's polls and
	 * the update's refresh): every reply says DISABLED, the plugin ends DISABLED, and so it is after
	 * a restart.
	 */
	@Test
	void aDisableRacingAFolderUpdateIsWhatIsShownAndWhatIsKept() {
		Path jar = plugins.resolve("racer.jar");
		TestJars.servletPlugin("racer", "/racer", "v0").writeTo(jar);
		try (PluginKitProcess first = launch()) {
			for (int round = 1; round <= 20; round++) {
				String version = "1.0." + round;
				assertThat(replies(first.shell("plugin:enable racer"))).as("round %d", round)
					.containsExactly("plugin 'racer' ENABLED");
				TestJars.servletPlugin("racer", "/racer", "v" + round).version(version).writeTo(jar);
				long written = System.nanoTime();
				long jitter = (round - 1) * 25_000_000L;
				// the shell stays busy (as under load) until this round's moment comes
				Await.until("round " + round + "'s moment", () -> first.shell("plugin:list"),
					l -> System.nanoTime() - written >= jitter);

				assertThat(replies(first.shell("plugin:disable racer"))).as("round %d", round)
					.containsExactly("plugin 'racer' DISABLED");

				String row = first.awaitListRow("racer", version);
				assertThat(row).as("round %d", round).contains("DISABLED");
				assertThat(first.get("/racer").statusCode()).as("round %d", round).isEqualTo(404);
			}
			first.stop();
		}
		try (PluginKitProcess second = launch()) {
			assertThat(second.listRow("racer")).contains("1.0.20", "DISABLED");
			assertThat(second.get("/racer").statusCode()).isEqualTo(404);
		}
	}

	/** What a command replied, without the log lines of other threads printed meanwhile. */
	static List<String> replies(List<String> lines) {
		return lines.stream().filter(l -> !l.matches("\\d\\d:\\d\\d:\\d\\d\\.\\d{3} \\[.*")).toList();
	}

	private static void delete(Path file) {
		try {
			Files.delete(file);
		} catch (IOException e) {
			throw new java.io.UncheckedIOException(e);
		}
	}
}
