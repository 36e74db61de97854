package io.pluginkit.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.pluginkit.testing.Await;
import io.pluginkit.testing.TestJars;

/**
 * What survives a restart, a crash and a re-copied jar: admin decisions and plugins installed by
 * any path. What a shutdown must not do: record anything.
 */
class PersistenceIT {

	@TempDir
	Path temp;
	Path plugins;
	Path data;

	@BeforeEach
	void folders() throws IOException {
		plugins = Files.createDirectories(temp.resolve("plugins"));
		data = temp.resolve("data");
		Files.copy(PluginKitProcess.samples().resolve("helloworld.jar"), plugins.resolve("helloworld.jar"));
	}

	PluginKitProcess launch() {
		return new PluginKitProcess(data, plugins).start();
	}

	@Test
	void disabledPluginStaysDisabledAfterRestartAndAfterKill9() {
		try (PluginKitProcess first = launch()) {
			first.shell("plugin:disable helloworld");
			first.awaitStatus("/limit", 404);
			assertThat(first.stop()).isIn((Object[]) PluginKitProcess.CLEAN_EXITS);
		}
		try (PluginKitProcess second = launch()) {
			assertThat(second.startupLine()).endsWith("0 plugins enabled, 1 disabled, 0 failed");
			assertThat(second.get("/limit").statusCode()).isEqualTo(404);
			second.shell("plugin:enable helloworld");
			second.awaitStatus("/limit", 200);
			second.kill();
		}
		try (PluginKitProcess third = launch()) {
			assertThat(third.startupLine()).endsWith("1 plugin enabled, 0 disabled, 0 failed");
			third.shell("plugin:disable helloworld");
			third.awaitStatus("/limit", 404);
			third.kill();
		}
		try (PluginKitProcess fourth = launch()) {
			assertThat(fourth.startupLine()).endsWith("0 plugins enabled, 1 disabled, 0 failed");
		}
	}

	@Test
	void aCrashLeavesNoFilesBehindOnceRestarted() throws IOException {
		try (PluginKitProcess first = launch()) {
			// the bundle cache and the launcher's jars live in <data>/cache/<pid>, not in java.io.tmpdir
			assertThat(data.resolve("cache").resolve(Long.toString(first.pid())).resolve("framework")).isDirectory();
			assertThat(names(first.tmpDir())).isEmpty();
			first.kill();
		}
		try (PluginKitProcess second = launch()) {
			// the dead process's folder goes on a background thread of the start
			Await.until("<data>/cache holds only the running process's folder", () -> names(data.resolve("cache")),
				names -> names.equals(List.of(Long.toString(second.pid()))));
			assertThat(names(second.tmpDir())).isEmpty();
		}
	}

	static List<String> names(Path folder) throws IOException {
		try (Stream<Path> entries = Files.list(folder)) {
			return entries.map(p -> p.getFileName().toString()).toList();
		}
	}

	@Test
	void plainFelixStopIsAnAdminDecisionButShutdownRecordsNothing() {
		try (PluginKitProcess first = launch()) {
			assertThat(first.stop()).isIn((Object[]) PluginKitProcess.CLEAN_EXITS);
		}
		assertThat(data.resolve("state.properties")).satisfiesAnyOf(
			p -> assertThat(p).doesNotExist(),
			p -> assertThat(Files.readString(p)).doesNotContain("disabled"));
		try (PluginKitProcess second = launch()) {
			assertThat(second.startupLine()).endsWith("1 plugin enabled, 0 disabled, 0 failed");
			String id = second.listRow("helloworld").split("\\s+")[3];
			second.shell("stop " + id);
			second.awaitListRow("helloworld", "DISABLED");
			second.stop();
		}
		try (PluginKitProcess third = launch()) {
			assertThat(third.startupLine()).endsWith("0 plugins enabled, 1 disabled, 0 failed");
		}
	}

	@Test
	void recopiedAndUpdatedJarKeepsTheDecision() throws IOException {
		try (PluginKitProcess first = launch()) {
			first.shell("plugin:disable helloworld");
			first.awaitListRow("helloworld", "DISABLED");
			// re-copied while running: same content, new timestamp
			TestJars.write(plugins.resolve("helloworld.jar"),
				Files.readAllBytes(PluginKitProcess.samples().resolve("helloworld.jar")));
			first.stop();
		}
		// re-copied while stopped
		Files.copy(PluginKitProcess.samples().resolve("helloworld.jar"), plugins.resolve("helloworld.jar"),
			StandardCopyOption.REPLACE_EXISTING);
		try (PluginKitProcess second = launch()) {
			assertThat(second.startupLine()).endsWith("0 plugins enabled, 1 disabled, 0 failed");
			assertThat(second.get("/limit").statusCode()).isEqualTo(404);
		}
	}

	@Test
	void pluginStateHeaderGivesTheDefaultUntilAnAdminDecides() {
		TestJars.servletPlugin("dormant", "/dormant", "awake").header("Plugin-State", "disabled")
			.writeTo(plugins.resolve("dormant.jar"));
		try (PluginKitProcess first = launch()) {
			assertThat(first.startupLine()).endsWith("1 plugin enabled, 1 disabled, 0 failed");
			assertThat(first.listRow("dormant")).contains("DISABLED");
			assertThat(first.get("/dormant").statusCode()).isEqualTo(404);
			first.shell("plugin:enable dormant");
			assertThat(first.awaitStatus("/dormant", 200).body()).isEqualTo("awake");
			first.kill();
		}
		try (PluginKitProcess second = launch()) {
			assertThat(second.startupLine()).endsWith("2 plugins enabled, 0 disabled, 0 failed");
			assertThat(second.get("/dormant").body()).isEqualTo("awake");
		}
	}

	@Test
	void pluginsInstalledFromTheShellSurviveRestartsUntilUninstalled() throws IOException {
		Path elsewhere = TestJars.servletPlugin("visitor", "/visitor", "still here")
			.writeTo(temp.resolve("downloads/visitor.jar"));
		Path felixInstalled = TestJars.servletPlugin("guest", "/guest", "guest here")
			.writeTo(temp.resolve("downloads/guest.jar"));
		try (PluginKitProcess first = launch()) {
			assertThat(first.shell("plugin:install " + elsewhere))
				.anySatisfy(l -> assertThat(l).startsWith("plugin 'visitor' 1.0.0 installed as bundle").contains("ENABLED"));
			first.awaitStatus("/visitor", 200);
			// plain Felix: install and start
			String installed = String.join("\n", first.shell("install " + felixInstalled.toUri()));
			String id = installed.replaceAll("(?s).*?(\\d+).*", "$1");
			first.shell("start " + id);
			first.awaitStatus("/guest", 200);
			// listed = adopted: its copy is kept (the registry keeps it before it lists it)
			first.awaitListRow("guest", "ENABLED");
			first.kill();
		}
		// the originals are gone: PluginKit kept its own copies
		Files.delete(elsewhere);
		Files.delete(felixInstalled);
		try (PluginKitProcess second = launch()) {
			assertThat(second.startupLine()).endsWith("3 plugins enabled, 0 disabled, 0 failed");
			assertThat(second.get("/visitor").body()).isEqualTo("still here");
			assertThat(second.get("/guest").body()).isEqualTo("guest here");
			assertThat(second.shell("plugin:uninstall visitor")).contains("plugin 'visitor' uninstalled");
			second.awaitStatus("/visitor", 404);
			second.stop();
		}
		try (PluginKitProcess third = launch()) {
			assertThat(third.startupLine()).endsWith("2 plugins enabled, 0 disabled, 0 failed");
			assertThat(third.listRow("visitor")).isNull();
		}
	}

	@Test
	void shellUpdateReplacesThePluginAndKeepsItsState() {
		Path v1 = TestJars.servletPlugin("evolving", "/evolving", "v1")
			.writeTo(temp.resolve("downloads/evolving-1.jar"));
		Path v2 = TestJars.servletPlugin("evolving", "/evolving", "v2").version("2.0.0")
			.writeTo(temp.resolve("downloads/evolving-2.jar"));
		try (PluginKitProcess first = launch()) {
			first.shell("plugin:install " + v1);
			assertThat(first.awaitStatus("/evolving", 200).body()).isEqualTo("v1");
			first.shell("plugin:disable evolving");
			assertThat(first.shell("plugin:update evolving " + v2))
				.anySatisfy(l -> assertThat(l).isEqualTo("plugin 'evolving' updated to 2.0.0: DISABLED"));
			assertThat(first.get("/evolving").statusCode()).isEqualTo(404);
			first.shell("plugin:enable evolving");
			assertThat(first.awaitStatus("/evolving", 200).body()).isEqualTo("v2");
			first.kill();
		}
		try (PluginKitProcess second = launch()) {
			assertThat(second.listRow("evolving")).contains("2.0.0", "ENABLED");
			assertThat(second.get("/evolving").body()).isEqualTo("v2");
		}
	}

	@Test
	void installOrderAndSoHookOrderSurvivesARestart() {
		// helloworld came first (folder), then a shell install, then a later folder jar
		try (PluginKitProcess first = launch()) {
			Path shellInstalled = TestJars.servletPlugin("second", "/second", "2")
				.writeTo(temp.resolve("downloads/second.jar"));
			first.shell("plugin:install " + shellInstalled);
			first.awaitStatus("/second", 200);
			TestJars.servletPlugin("third", "/third", "3")
				.writeTo(plugins.resolve("third.jar"));
			first.awaitStatus("/third", 200);
			assertThat(idsInInstallOrder(first)).containsExactly("helloworld", "second", "third");
			first.kill();
		}
		try (PluginKitProcess second = launch()) {
			assertThat(idsInInstallOrder(second)).containsExactly("helloworld", "second", "third");
		}
	}

	@Test
	void damagedStateFileStopsWithOneClearLineAndIsLeftAsItIs() throws IOException {
		Files.createDirectories(data);
		Files.writeString(data.resolve("state.properties"), "decision.helloworld=enab\n");
		try (PluginKitProcess broken = new PluginKitProcess(data, plugins).launch()) {
			assertThat(broken.awaitLine(l -> l.startsWith("PluginKit cannot start")))
				.contains("state.properties is damaged", "decision.helloworld is 'enab'");
			assertThat(broken.awaitExit()).isNotZero();
			assertThat(broken.output()).as("one clear line, no stack trace")
				.noneMatch(l -> l.startsWith("\tat ") || l.matches("\\s+at .*") || l.contains("Exception"))
				.filteredOn(l -> l.startsWith("PluginKit cannot start")).hasSize(1);
		}
		assertThat(data.resolve("state.properties")).hasContent("decision.helloworld=enab");
	}

	@Test
	void aSecondPluginKitOnTheSameDataFolderRefusesToStartNamingTheFirst() throws IOException {
		try (PluginKitProcess first = launch()) {
			first.shell("plugin:disable helloworld");
			first.awaitStatus("/limit", 404);
			Path otherPlugins = Files.createDirectories(temp.resolve("other-plugins"));
			Files.copy(PluginKitProcess.samples().resolve("helloworld.jar"), otherPlugins.resolve("helloworld.jar"));
			try (PluginKitProcess second = new PluginKitProcess(data, otherPlugins).launch()) {
				String line = second.awaitLine(l -> l.startsWith("PluginKit cannot start"));
				assertThat(line).matches("PluginKit cannot start: the data folder " + java.util.regex.Pattern.quote(data.toString())
					+ " is in use by another PluginKit \\(pid " + first.pid() + ", since \\S+\\); stop it or choose another"
					+ " -Dpluginkit.data.dir");
				assertThat(second.awaitExit()).isNotZero();
				assertThat(second.output()).as("one clear line, no stack trace")
					.noneMatch(l -> l.startsWith("\tat ") || l.matches("\\s+at .*") || l.contains("Exception"))
					.noneMatch(l -> l.startsWith("PluginKit ") && l.contains(" started in "));
			}
			// the first one keeps serving, and its decision stands
			assertThat(first.isAlive()).isTrue();
			assertThat(first.get("/limit").statusCode()).isEqualTo(404);
			assertThat(first.listRow("helloworld")).contains("DISABLED");
			first.shell("plugin:enable helloworld");
			first.awaitStatus("/limit", 200);
			first.stop();
		}
		// once the first has stopped, the folder is free again
		try (PluginKitProcess third = launch()) {
			assertThat(third.startupLine()).endsWith("1 plugin enabled, 0 disabled, 0 failed");
		}
	}

	/** Plugin names ordered by bundle id, i.e. by the order the framework installed them. */
	private static java.util.List<String> idsInInstallOrder(PluginKitProcess pluginkit) {
		return pluginkit.shell("plugin:list").stream()
			.skip(1)
			.map(l -> l.split("\\s+"))
			.filter(cols -> cols.length > 3 && cols[3].matches("\\d+"))
			.sorted(java.util.Comparator.comparingLong(cols -> Long.parseLong(cols[3])))
			.map(cols -> cols[0])
			.toList();
	}
}
