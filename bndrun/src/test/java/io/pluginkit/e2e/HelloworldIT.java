package io.pluginkit.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The five-minute tour, as a user takes it: launch the jar with the samples, see helloworld
 * at work on {@code /}, toggle it from the shell and see {@code /} change, live.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HelloworldIT {

	PluginKitProcess pluginkit;

	@BeforeAll
	void launch(@TempDir Path temp) throws IOException {
		Path plugins = Files.createDirectories(temp.resolve("plugins"));
		Files.copy(PluginKitProcess.samples().resolve("helloworld.jar"), plugins.resolve("helloworld.jar"));
		pluginkit = new PluginKitProcess(temp.resolve("data"), plugins).start();
	}

	@AfterAll
	void stop() {
		pluginkit.close();
	}

	@Test
	@Order(1)
	void startupLineGivesVersionTimePortAndCounts() {
		assertThat(pluginkit.startupLine()).matches(
			"PluginKit 1\\.0\\.0-SNAPSHOT started in \\d+ ms on http://127\\.0\\.0\\.1:\\d+/ \u2014 1 plugin enabled, 0 disabled, 0 failed");
		assertThat(pluginkit.port()).isPositive();
		assertThat(pluginkit.dataFile("http.port").trim()).isEqualTo(String.valueOf(pluginkit.port()));
	}

	@Test
	@Order(2)
	void rootRedirectsLocalhostToLimit() {
		HttpResponse<String> root = pluginkit.get("/");
		assertThat(root.statusCode()).isEqualTo(302);
		assertThat(root.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).endsWith("/limit"));

		HttpResponse<String> limit = pluginkit.get("/limit");
		assertThat(limit.statusCode()).isEqualTo(200);
		assertThat(limit.headers().firstValue("Content-Type")).hasValueSatisfying(
			t -> assertThat(t).startsWith("application/json"));
		assertThat(limit.body()).isEqualTo("{\"status\":0,\"message\":\"Access Denial\"}");
	}

	@Test
	@Order(3)
	void otherClientsSeeTheLandingPageListingHelloworld() {
		HttpResponse<String> root = pluginkit.get("/", "X-Real-Ip", "10.1.2.3");
		assertThat(root.statusCode()).isEqualTo(200);
		assertThat(root.body()).contains("<ul id=\"plugins\">").contains("helloworld");
	}

	@Test
	@Order(4)
	void healthCountsThePlugins() {
		HttpResponse<String> health = pluginkit.get("/health");
		assertThat(health.statusCode()).isEqualTo(200);
		assertThat(health.body().replace(" ", ""))
			.isEqualTo("{\"status\":\"UP\",\"plugins\":{\"enabled\":1,\"disabled\":0,\"failed\":0}}");
	}

	@Test
	@Order(5)
	void unknownPathsAre404AndStaticPathsCannotEscape() {
		assertThat(pluginkit.get("/no/such/page").statusCode()).isEqualTo(404);
		assertThat(pluginkit.get("/static/helloworld/..%2F..%2FMETA-INF/MANIFEST.MF").statusCode()).isIn(400, 404);
		assertThat(pluginkit.get("/static/helloworld/%2e%2e/%2e%2e/etc/passwd").statusCode()).isIn(400, 404);
		assertThat(pluginkit.get("/static/nosuchplugin/x.css").statusCode()).isEqualTo(404);
	}

	@Test
	@Order(6)
	void pluginListShowsHelloworldEnabled() {
		List<String> list = pluginkit.shell("plugin:list");
		assertThat(list.get(0)).startsWith("NAME").contains("VERSION", "STATE", "ID", "AUTHOR", "REASON");
		assertThat(pluginkit.listRow("helloworld")).contains("1.0.0.SNAPSHOT", "ENABLED", "PluginKit");
	}

	@Test
	@Order(7)
	void pluginInfoShowsMetadataReadmeAndContributions() {
		String info = String.join("\n", pluginkit.shell("plugin:info helloworld"));
		assertThat(info).contains("helloworld", "PluginKit", "Apache-2.0", "ENABLED", "request hook", "/limit",
			"The Flask-PluginKit quickstart");
	}

	@Test
	@Order(8)
	void disablingFromTheShellRestoresTheLandingPageLive() {
		assertThat(pluginkit.shell("plugin:disable helloworld")).noneMatch(l -> l.contains("Exception"));
		pluginkit.awaitStatus("/limit", 404);
		assertThat(pluginkit.get("/").statusCode()).isEqualTo(200);
		assertThat(pluginkit.get("/").body()).doesNotContain("helloworld");
		assertThat(pluginkit.listRow("helloworld")).contains("DISABLED");

		pluginkit.shell("plugin:enable helloworld");
		pluginkit.awaitStatus("/limit", 200);
		assertThat(pluginkit.get("/").statusCode()).isEqualTo(302);
	}

	@Test
	@Order(9)
	void plainFelixStopAndStartShowInTheRegistry() {
		String id = pluginkit.listRow("helloworld").split("\\s+")[3];
		pluginkit.shell("stop " + id);
		pluginkit.awaitListRow("helloworld", "DISABLED");
		assertThat(pluginkit.get("/limit").statusCode()).isEqualTo(404);
		pluginkit.shell("start " + id);
		pluginkit.awaitListRow("helloworld", "ENABLED");
		assertThat(pluginkit.get("/limit").statusCode()).isEqualTo(200);
	}

	@Test
	@Order(10)
	void shellErrorsAreOneClearLine() {
		assertThat(pluginkit.shell("plugin:enable nope")).containsExactly("plugin 'nope' not found; installed: helloworld");
		assertThat(pluginkit.shell("plugin:disable 9999")).containsExactly("plugin '9999' not found; installed: helloworld");
		assertThat(pluginkit.shell("plugin:install /no/such/file.jar")).hasSize(1)
			.allSatisfy(l -> assertThat(l).contains("/no/such/file.jar").doesNotContain("Exception"));
		assertThat(pluginkit.shell("plugin:update helloworld /no/such/file.jar")).hasSize(1)
			.allSatisfy(l -> assertThat(l).contains("/no/such/file.jar").doesNotContain("Exception"));
	}

	@Test
	@Order(11)
	void endOfStdinDoesNotStopTheRuntime() {
		pluginkit.closeStdin();
		pluginkit.awaitLine(l -> l.contains("end of input"));
		assertThat(pluginkit.get("/limit").statusCode()).isEqualTo(200);
		assertThat(pluginkit.isAlive()).isTrue();
	}

	@Test
	@Order(12)
	void sigtermStopsCleanly() {
		assertThat(pluginkit.stop()).isIn((Object[]) PluginKitProcess.CLEAN_EXITS);
		assertThat(pluginkit.dataDir().resolve("http.port")).as("no stale port left for scripts").doesNotExist();
	}
}
