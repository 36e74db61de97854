package io.pluginkit.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.pluginkit.testing.TestJars;
import io.pluginkit.testing.plugins.StartMarker;

/**
 * A restart on the kept bundle cache: plugins come back as they were left, with the same bundle
 * ids, without being installed again; what changed in the folder while PluginKit was stopped is
 * applied at the start.
 */
class WarmRestartIT {

	@TempDir
	Path temp;
	Path plugins;
	Path data;

	@BeforeEach
	void folders() throws IOException {
		plugins = Files.createDirectories(temp.resolve("plugins"));
		data = temp.resolve("data");
		Files.copy(PluginKitProcess.samples().resolve("helloworld.jar"), plugins.resolve("helloworld.jar"));
		TestJars.servletPlugin("alpha", "/alpha", "alpha one").version("1.0.0").writeTo(plugins.resolve("alpha.jar"));
	}

	PluginKitProcess launch() {
		return new PluginKitProcess(data, plugins).start();
	}

	@Test
	void aRestartFindsThePluginsInstalledAndAppliesWhatChangedMeanwhile() throws IOException {
		Map<String, String> ids;
		try (PluginKitProcess first = launch()) {
			assertThat(first.output()).anyMatch(l -> l.contains("hot-deploy: installed helloworld.jar"));
			first.shell("plugin:disable helloworld");
			first.awaitStatus("/limit", 404);
			ids = ids(first);
			assertThat(first.stop()).isIn((Object[]) PluginKitProcess.CLEAN_EXITS);
		}
		// while it is stopped: a new version of alpha, and a plugin more
		TestJars.servletPlugin("alpha", "/alpha", "alpha two").version("2.0.0").writeTo(plugins.resolve("alpha.jar"));
		TestJars.servletPlugin("beta", "/beta", "beta").writeTo(plugins.resolve("beta.jar"));

		try (PluginKitProcess second = launch()) {
			assertThat(second.startupLine()).endsWith("2 plugins enabled, 1 disabled, 0 failed");
			assertThat(second.get("/limit").statusCode()).as("disabled helloworld stays off").isEqualTo(404);
			assertThat(second.get("/alpha").body()).isEqualTo("alpha two");
			assertThat(second.get("/beta").body()).isEqualTo("beta");
			Map<String, String> again = ids(second);
			assertThat(again.get("helloworld")).as("the same bundle, from the kept cache").isEqualTo(ids.get("helloworld"));
			assertThat(again.get("alpha")).as("updated in place").isEqualTo(ids.get("alpha"));
			assertThat(second.output()).as("an unchanged jar is not installed again")
				.noneMatch(l -> l.contains("helloworld.jar"))
				.anyMatch(l -> l.contains("hot-deploy: updated plugin 'alpha' from alpha.jar"))
				.anyMatch(l -> l.contains("hot-deploy: installed beta.jar"));
			second.kill();
		}
		// after a crash: the cache of the dead process is taken over; a jar deleted meanwhile is uninstalled
		Files.delete(plugins.resolve("beta.jar"));
		try (PluginKitProcess third = launch()) {
			assertThat(third.startupLine()).endsWith("1 plugin enabled, 1 disabled, 0 failed");
			assertThat(ids(third)).containsOnlyKeys("helloworld", "alpha").containsEntry("helloworld", ids.get("helloworld"));
			assertThat(third.get("/beta").statusCode()).isEqualTo(404);
			assertThat(third.get("/alpha").body()).isEqualTo("alpha two");
		}
	}

	@Test
	void aPluginDisabledWhileStoppedDoesNotRunAtTheRestartEvenForAMoment() throws IOException {
		Path markers = Files.createDirectories(temp.resolve("markers"));
		TestJars.plugin("sleeper").imports("org.osgi.framework").component(StartMarker.class, null)
			.writeTo(plugins.resolve("sleeper.jar"));
		Path marker = markers.resolve("sleeper");
		try (PluginKitProcess first = new PluginKitProcess(data, plugins).property("itest.marker.dir", markers.toString())
			.start()) {
			assertThat(first.startupLine()).endsWith("3 plugins enabled, 0 disabled, 0 failed");
			assertThat(Files.readAllLines(marker)).containsExactly("started");
			assertThat(first.stop()).isIn((Object[]) PluginKitProcess.CLEAN_EXITS);
		}
		// an operator (or, later, another node of a cluster) decides while this one is stopped
		Files.writeString(data.resolve("state.properties"), "decision.sleeper=disabled\n", StandardOpenOption.CREATE,
			StandardOpenOption.APPEND);

		try (PluginKitProcess second = new PluginKitProcess(data, plugins).property("itest.marker.dir", markers.toString())
			.start()) {
			assertThat(second.startupLine()).endsWith("2 plugins enabled, 1 disabled, 0 failed");
			assertThat(Files.readAllLines(marker)).as("its code did not run at this start").containsExactly("started");
			second.shell("plugin:enable sleeper");
			assertThat(Files.readAllLines(marker)).containsExactly("started", "started");
		}
	}

	@Test
	void theStartupLineOfAWarmRestartComesOnceEveryKeptPluginRuns() throws IOException {
		int many = 60;
		for (int i = 0; i < many; i++) {
			String name = String.format("many-%02d", i);
			TestJars.servletPlugin(name, "/" + name, name).writeTo(plugins.resolve(name + ".jar"));
		}
		int all = many + 2; // and helloworld, alpha
		try (PluginKitProcess first = launch()) {
			assertThat(first.startupLine()).endsWith(all + " plugins enabled, 0 disabled, 0 failed");
			assertThat(first.stop()).isIn((Object[]) PluginKitProcess.CLEAN_EXITS);
		}
		// on the kept cache the framework starts them itself, at the plugins' start level: the line waits
		// until it has started every one of them, not just reached the level
		try (PluginKitProcess second = launch()) {
			assertThat(second.startupLine()).endsWith(all + " plugins enabled, 0 disabled, 0 failed");
			assertThat(second.get("/many-59").body()).isEqualTo("many-59");
			assertThat(second.get("/health").body()).contains("\"status\":\"UP\"");
		}
	}

	/** Plugin name to bundle id, from {@code plugin:list}. */
	private static Map<String, String> ids(PluginKitProcess pluginkit) {
		return pluginkit.shell("plugin:list").stream()
			.skip(1)
			.map(l -> l.split("\\s+"))
			.filter(cols -> cols.length > 3 && cols[3].matches("\\d+"))
			.collect(Collectors.toMap(cols -> cols[0], cols -> cols[3], (a, b) -> a + "," + b));
	}

}
