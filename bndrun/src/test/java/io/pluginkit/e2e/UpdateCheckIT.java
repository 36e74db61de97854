package io.pluginkit.e2e;

import static io.pluginkit.e2e.FolderDecisionsIT.replies;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import io.pluginkit.testing.Await;
import io.pluginkit.testing.TestJars;

/**
 * An update is checked before the running plugin is touched: a jar of another plugin, or one with
 * invalid metadata, is refused with a reason, and the old version keeps answering.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class UpdateCheckIT {

	PluginKitProcess pluginkit;
	Path plugins;
	Path downloads;

	@BeforeAll
	void launch(@TempDir Path temp) throws IOException {
		plugins = Files.createDirectories(temp.resolve("plugins"));
		downloads = Files.createDirectories(temp.resolve("downloads"));
		pluginkit = new PluginKitProcess(temp.resolve("data"), plugins).start();
	}

	@AfterAll
	void stop() {
		pluginkit.close();
	}

	@Test
	void anUpdateWithAnotherPluginsJarIsRefusedAndThePluginKeepsAnswering() {
		byte[] v1 = TestJars.servletPlugin("alpha", "/alpha", "alpha v1").bytes();
		Path alpha = TestJars.write(plugins.resolve("alpha.jar"), v1);
		assertThat(pluginkit.awaitStatus("/alpha", 200).body()).isEqualTo("alpha v1");
		String before = pluginkit.awaitListRow("alpha", "ENABLED");
		Path beta = TestJars.servletPlugin("beta", "/beta", "beta v1").version("2.0.0").writeTo(downloads.resolve("beta.jar"));

		List<String> reply = replies(pluginkit.shell("plugin:update alpha " + beta));

		assertThat(reply).singleElement().satisfies(line -> assertThat(line)
			.contains("beta.jar is plugin 'beta', not 'alpha'")
			.contains("plugin 'alpha' was not updated"));
		assertThat(pluginkit.get("/alpha").body()).isEqualTo("alpha v1");
		assertThat(pluginkit.get("/beta").statusCode()).isEqualTo(404);
		assertThat(cells(pluginkit.listRow("alpha"))).isEqualTo(cells(before));
		assertThat(pluginkit.listRow("beta")).isNull();
		assertThat(alpha).as("the folder jar is untouched").hasBinaryContent(v1);
	}

	@Test
	void aFolderUpdateToAJarWithInvalidMetadataIsRefusedAndTheOldVersionKeepsAnswering() {
		Path jar = TestJars.servletPlugin("gamma", "/gamma", "gamma v1").writeTo(plugins.resolve("gamma.jar"));
		assertThat(pluginkit.awaitStatus("/gamma", 200).body()).isEqualTo("gamma v1");
		String before = pluginkit.awaitListRow("gamma", "ENABLED");

		TestJars.bundle("test.plugin.gamma")
			.header("Plugin-Name", "gamma")
			.version("2.0.0")
			.imports(TestJars.SERVLET_IMPORTS)
			.writeTo(jar);

		String problem = pluginkit.awaitListRow("gamma.jar", "FAILED");
		assertThat(problem).contains("Plugin-Author is missing").contains("gamma");
		assertThat(cells(pluginkit.listRow("gamma"))).as("same version, state and bundle").isEqualTo(cells(before));
		assertThat(pluginkit.get("/gamma").body()).isEqualTo("gamma v1");

		// fixed: the folder jar is used again
		TestJars.servletPlugin("gamma", "/gamma", "gamma v3").version("3.0.0").writeTo(jar);
		Await.until("/gamma answers v3", () -> pluginkit.get("/gamma").body(), "gamma v3"::equals);
		assertThat(pluginkit.awaitListRow("gamma", "3.0.0")).contains("ENABLED");
		Await.until("the problem row goes", () -> pluginkit.listRow("gamma.jar"), row -> row == null);
	}

	/** A plugin:list row's cells (the columns' widths depend on the other rows). */
	private static List<String> cells(String row) {
		return List.of(row.trim().split("\\s+"));
	}
}
