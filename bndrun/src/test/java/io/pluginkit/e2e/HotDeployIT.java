package io.pluginkit.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import io.pluginkit.testing.Await;
import io.pluginkit.testing.TestJars;

import io.pluginkit.testing.plugins.FailingComponent;
import io.pluginkit.testing.plugins.ThrowingActivator;
import io.pluginkit.testing.plugins.ThrowingHook;

/**
 * The hot-deploy folder as a user drives it with {@code cp} and {@code rm}, and every bad jar a
 * user can drop into it: each is reported by file and reason, nothing else stops working.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HotDeployIT {

	PluginKitProcess pluginkit;
	Path plugins;

	@BeforeAll
	void launch(@TempDir Path temp) throws IOException {
		plugins = Files.createDirectories(temp.resolve("plugins"));
		Files.copy(PluginKitProcess.samples().resolve("helloworld.jar"), plugins.resolve("helloworld.jar"));
		pluginkit = new PluginKitProcess(temp.resolve("data"), plugins).start();
	}

	@AfterEach
	void othersKeepWorking() {
		assertThat(pluginkit.get("/limit").statusCode()).as("helloworld still answers").isEqualTo(200);
	}

	@AfterAll
	void stop() {
		pluginkit.close();
	}

	@Test
	void droppedJarIsInstalledUpdatedInPlaceAndUninstalledWhenDeleted() throws IOException {
		Path jar = plugins.resolve("greeter.jar");
		TestJars.servletPlugin("greeter", "/greet", "hello v1").writeTo(jar);
		assertThat(pluginkit.awaitStatus("/greet", 200).body()).isEqualTo("hello v1");
		assertThat(pluginkit.awaitListRow("greeter", "ENABLED")).contains("1.0.0");

		pluginkit.shell("plugin:disable greeter");
		pluginkit.awaitStatus("/greet", 404);

		TestJars.servletPlugin("greeter", "/greet", "hello v2").version("1.1.0").writeTo(jar);
		Await.until("greeter is updated to 1.1.0 and still disabled", () -> pluginkit.listRow("greeter"),
			row -> row.contains("1.1.0") && row.contains("DISABLED"));
		assertThat(pluginkit.get("/greet").statusCode()).isEqualTo(404);

		pluginkit.shell("plugin:enable greeter");
		assertThat(pluginkit.awaitStatus("/greet", 200).body()).isEqualTo("hello v2");

		Files.delete(jar);
		pluginkit.awaitStatus("/greet", 404);
		Await.until("greeter leaves plugin:list", () -> pluginkit.listRow("greeter"), row -> row == null);
	}

	@Test
	void halfCopiedJarIsInstalledOnlyOnceComplete() throws IOException {
		byte[] whole = TestJars.servletPlugin("slow", "/slow", "finally").bytes();
		Path jar = plugins.resolve("slow.jar");
		try (OutputStream out = Files.newOutputStream(jar)) {
			out.write(Arrays.copyOf(whole, whole.length / 2));
			out.flush();
			// the copy stalls for several polls: the watcher neither installs half a jar nor calls it corrupt
			long stalled = System.nanoTime();
			List<String> list = Await.until("the watcher has polled slow.jar several times",
				() -> pluginkit.shell("plugin:list"), l -> System.nanoTime() - stalled > 1_500_000_000L);
			assertThat(list).noneMatch(l -> l.contains("slow"));
			out.write(whole, whole.length / 2, whole.length - whole.length / 2);
		}
		assertThat(pluginkit.awaitStatus("/slow", 200).body()).isEqualTo("finally");
		assertThat(pluginkit.awaitListRow("slow", "ENABLED")).doesNotContain("slow.jar");
		Files.delete(jar);
		pluginkit.awaitStatus("/slow", 404);
	}

	@Test
	void corruptJarIsReportedByFileAndRetriedWhenTheFileChanges() throws IOException {
		Path jar = plugins.resolve("broken.jar");
		TestJars.write(jar, "this is not a zip file at all".getBytes());
		String row = pluginkit.awaitListRow("broken.jar", "FAILED");
		assertThat(row).contains("broken.jar is not a valid jar");

		TestJars.servletPlugin("mended", "/mended", "works now").writeTo(jar);
		assertThat(pluginkit.awaitStatus("/mended", 200).body()).isEqualTo("works now");
		Await.until("the problem report is gone", () -> pluginkit.listRow("broken.jar"), r -> r == null);
		Files.delete(jar);
		pluginkit.awaitStatus("/mended", 404);
	}

	@Test
	void jarThatIsNotABundleIsReported() throws IOException {
		Path jar = plugins.resolve("plain.jar");
		TestJars.write(jar, TestJars.bundle("x").header("Bundle-SymbolicName", "").bytes());
		assertThat(pluginkit.awaitListRow("plain.jar", "FAILED")).contains("plain.jar is not an OSGi bundle");
		Files.delete(jar);
		Await.until("the report goes with the file", () -> pluginkit.listRow("plain.jar"), r -> r == null);
	}

	@Test
	void duplicatePluginNameIsReportedAndTheFirstKeepsRunning() throws IOException {
		TestJars.servletPlugin("twin", "/twin", "first").writeTo(plugins.resolve("twin-a.jar"));
		pluginkit.awaitStatus("/twin", 200);
		TestJars.servletPlugin("twin", "/twin2", "second").header("Bundle-SymbolicName", "test.plugin.twin.second")
			.writeTo(plugins.resolve("twin-b.jar"));
		String row = pluginkit.awaitListRow("twin-b.jar", "FAILED");
		assertThat(row).contains("Plugin-Name", "twin");
		assertThat(pluginkit.get("/twin").body()).isEqualTo("first");
		assertThat(pluginkit.get("/twin2").statusCode()).isEqualTo(404);

		// once the name is free, the refused jar installs by itself
		Files.delete(plugins.resolve("twin-a.jar"));
		pluginkit.awaitStatus("/twin", 404);
		assertThat(pluginkit.awaitStatus("/twin2", 200).body()).isEqualTo("second");
		Await.until("twin-b.jar's problem row is gone", () -> pluginkit.listRow("twin-b.jar"), r -> r == null);
		pluginkit.awaitListRow("twin", "ENABLED");
		Files.delete(plugins.resolve("twin-b.jar"));
		pluginkit.awaitStatus("/twin2", 404);
	}

	@Test
	void aFolderThatBlinksAwayChangesNothingAndIsReportedOnce() throws IOException {
		TestJars.servletPlugin("steady", "/steady", "still here").writeTo(plugins.resolve("steady.jar"));
		pluginkit.awaitListRow("steady", "ENABLED");
		pluginkit.shell("plugin:disable steady");
		pluginkit.awaitStatus("/steady", 404);
		int linesBefore = pluginkit.output().size();

		Path away = plugins.resolveSibling("plugins-away");
		Files.move(plugins, away);
		try {
			String row = pluginkit.awaitListRow("plugins/", "FAILED");
			assertThat(row).contains("is gone", "left as they are");
			// it stays away for several polls: nothing is uninstalled, and it is said once
			long gone = System.nanoTime();
			Await.until("the folder has been away for 1.5 s", () -> pluginkit.listRow("steady"),
				r -> System.nanoTime() - gone > 1_500_000_000L);
			assertThat(pluginkit.listRow("steady")).contains("DISABLED");
			assertThat(pluginkit.listRow("helloworld")).contains("ENABLED");
			assertThat(pluginkit.get("/limit").statusCode()).isEqualTo(200);
		} finally {
			Files.move(away, plugins);
		}
		Await.until("the folder's row is gone", () -> pluginkit.listRow("plugins/"), r -> r == null);
		assertThat(pluginkit.output().subList(linesBefore, pluginkit.output().size()))
			.filteredOn(l -> l.contains(" ERROR ") && l.contains("is gone; its plugins are left as they are")).hasSize(1);
		assertThat(pluginkit.output().subList(linesBefore, pluginkit.output().size()))
			.noneMatch(l -> l.contains("was removed; its plugin was uninstalled"));
		assertThat(pluginkit.listRow("steady")).contains("DISABLED");

		// and it works as before once back
		Files.delete(plugins.resolve("steady.jar"));
		Await.until("steady is uninstalled", () -> pluginkit.listRow("steady"), r -> r == null);
	}

	@Test
	void upperCaseJarIsInstalledAndFilesThatCannotBeJarsAreReportedByName() throws IOException {
		TestJars.servletPlugin("shouty", "/shouty", "LOUD").writeTo(plugins.resolve("SHOUTY.JAR"));
		Files.createDirectory(plugins.resolve("folder.jar"));
		Files.createSymbolicLink(plugins.resolve("dangling.jar"), plugins.resolveSibling("releases/dangling-1.0.jar"));

		assertThat(pluginkit.awaitStatus("/shouty", 200).body()).isEqualTo("LOUD");
		assertThat(pluginkit.awaitListRow("folder.jar", "FAILED")).contains("folder.jar is a directory, not a jar");
		assertThat(pluginkit.awaitListRow("dangling.jar", "FAILED"))
			.contains("dangling.jar is a symbolic link to", "which does not exist");
		// reported once each, not at every poll
		long reported = System.nanoTime();
		Await.until("the watcher has polled them for a second", () -> pluginkit.listRow("folder.jar"),
			r -> System.nanoTime() - reported > 1_000_000_000L);
		assertThat(pluginkit.output()).filteredOn(l -> l.contains(" ERROR ") && l.contains("folder.jar is a directory"))
			.hasSize(1);
		assertThat(pluginkit.output()).filteredOn(l -> l.contains(" ERROR ") && l.contains("dangling.jar is a symbolic link"))
			.hasSize(1);

		Files.delete(plugins.resolve("SHOUTY.JAR"));
		Files.delete(plugins.resolve("folder.jar"));
		Files.delete(plugins.resolve("dangling.jar"));
		pluginkit.awaitStatus("/shouty", 404);
		Await.until("the rows go with the files", () -> String.join("\n", pluginkit.shell("plugin:list")),
			l -> !l.contains("folder.jar") && !l.contains("dangling.jar"));
	}

	@Test
	void zipBombIsRefusedWithAReasonThatSaysSo() throws IOException {
		Path jar = plugins.resolve("bomb.jar");
		TestJars.write(jar, declaringAHugeEntry(TestJars.servletPlugin("bomb", "/bomb", "boom").bytes()));
		assertThat(pluginkit.awaitListRow("bomb.jar", "FAILED"))
			.contains("bomb.jar expands to more than 256 MiB (pluginkit.jar.max.expanded.bytes)");
		assertThat(pluginkit.get("/bomb").statusCode()).isEqualTo(404);
		Files.delete(jar);
		Await.until("the report goes with the file", () -> pluginkit.listRow("bomb.jar"), r -> r == null);
	}

	@Test
	void missingImportNamesThePackage() throws IOException {
		Path jar = plugins.resolve("needy.jar");
		TestJars.servletPlugin("needy", "/needy", "x").imports(TestJars.SERVLET_IMPORTS + ",org.example.missing;version=\"[1.2,2)\"")
			.writeTo(jar);
		assertThat(pluginkit.awaitListRow("needy", "FAILED")).contains("org.example.missing");
		String info = String.join("\n", pluginkit.shell("plugin:info needy"));
		assertThat(info).contains("org.example.missing");
		assertThat(pluginkit.get("/needy").statusCode()).isEqualTo(404);
		Files.delete(jar);
		Await.until("needy is uninstalled", () -> pluginkit.listRow("needy"), r -> r == null);
	}

	@Test
	void componentThrowingInActivateNamesTheException() throws IOException {
		Path jar = plugins.resolve("fragile.jar");
		TestJars.plugin("fragile").component(FailingComponent.class, null).writeTo(jar);
		assertThat(pluginkit.awaitListRow("fragile", "FAILED")).contains("database unreachable at db.invalid:5432");
		Files.delete(jar);
		Await.until("fragile is uninstalled", () -> pluginkit.listRow("fragile"), r -> r == null);
	}

	@Test
	void activatorThrowingNamesTheException() throws IOException {
		Path jar = plugins.resolve("stubborn.jar");
		TestJars.plugin("stubborn").imports("org.osgi.framework")
			.header("Bundle-Activator", ThrowingActivator.class.getName()).classes(ThrowingActivator.class)
			.writeTo(jar);
		assertThat(pluginkit.awaitListRow("stubborn", "FAILED")).contains("license key missing");
		assertThat(pluginkit.shell("plugin:enable stubborn")).hasSize(1)
			.allSatisfy(l -> assertThat(l).contains("stubborn", "license key missing"));
		Files.delete(jar);
		Await.until("stubborn is uninstalled", () -> pluginkit.listRow("stubborn"), r -> r == null);
	}

	@Test
	void invalidMetadataNamesTheHeaderAndValue() throws IOException {
		Path jar = plugins.resolve("badname.jar");
		TestJars.bundle("test.plugin.badname").header("Plugin-Name", "Bad_Name").header("Plugin-Author", "x")
			.writeTo(jar);
		String row = Await.until("plugin:list reports Bad_Name", () -> String.join("\n", pluginkit.shell("plugin:list")),
			l -> l.contains("Bad_Name"));
		assertThat(row).contains("FAILED", "Plugin-Name");
		Files.delete(jar);

		Path anonymous = plugins.resolve("anonymous.jar");
		TestJars.bundle("test.plugin.anonymous").header("Plugin-Name", "anonymous").writeTo(anonymous);
		assertThat(pluginkit.awaitListRow("anonymous", "FAILED")).contains("Plugin-Author");
		Files.delete(anonymous);
		Await.until("anonymous is uninstalled", () -> pluginkit.listRow("anonymous"), r -> r == null);
	}

	@Test
	void hookThatThrowsGives500AndIsCountedAgainstItsPlugin() throws IOException {
		Path jar = plugins.resolve("grenade.jar");
		TestJars.plugin("grenade").imports("io.pluginkit.api.web;version=\"[1,2)\",jakarta.servlet.http;version=\"[5,7)\"")
			.component(ThrowingHook.class, "io.pluginkit.api.web.RequestHook").writeTo(jar);
		pluginkit.awaitListRow("grenade", "ENABLED");
		assertThat(pluginkit.awaitStatus("/boom", 500).body()).doesNotContain("hook exploded");
		assertThat(pluginkit.get("/limit").statusCode()).isEqualTo(200);
		String info = String.join("\n", pluginkit.shell("plugin:info grenade"));
		assertThat(info).contains("hook failures: 1");
		Files.delete(jar);
		pluginkit.awaitStatus("/boom", 404);
	}

	@Test
	void bundleWithoutPluginNameIsALibrary() throws IOException {
		Path jar = plugins.resolve("library.jar");
		TestJars.bundle("test.library.util").header("Export-Package", "test.library.util").writeTo(jar);
		Await.until("plugin:libraries lists it", () -> String.join("\n", pluginkit.shell("plugin:libraries")),
			l -> l.contains("test.library.util"));
		assertThat(pluginkit.shell("plugin:list")).noneMatch(l -> l.contains("test.library.util"));
		Files.delete(jar);
		Await.until("the library is uninstalled", () -> String.join("\n", pluginkit.shell("plugin:libraries")),
			l -> !l.contains("test.library.util"));
	}

	@Test
	void plainFelixInstallUpdateAndUninstallShowInTheRegistry() {
		Path downloads = plugins.resolveSibling("downloads");
		Path v1 = TestJars.servletPlugin("felixy", "/felixy", "one").writeTo(downloads.resolve("felixy-1.jar"));
		Path v2 = TestJars.servletPlugin("felixy", "/felixy", "two").version("1.0.1").writeTo(downloads.resolve("felixy-2.jar"));
		String installed = String.join("\n", pluginkit.shell("install " + v1.toUri()));
		String id = installed.replaceAll("(?s).*?(\\d+).*", "$1");
		// a plugin installed by plain Felix gets its desired state too: enabled by default
		assertThat(pluginkit.awaitListRow("felixy", "ENABLED").split("\\s+")[3]).isEqualTo(id);
		assertThat(pluginkit.awaitStatus("/felixy", 200).body()).isEqualTo("one");
		pluginkit.shell("update " + id + " " + v2.toUri());
		Await.until("/felixy answers the new version", () -> pluginkit.get("/felixy").body(), "two"::equals);
		// the registry takes bundle events in on its own thread: the list follows within moments
		Await.until("plugin:list shows felixy 1.0.1 ENABLED", () -> pluginkit.listRow("felixy"),
			r -> r != null && r.contains("1.0.1") && r.contains("ENABLED"));
		pluginkit.shell("uninstall " + id);
		pluginkit.awaitStatus("/felixy", 404);
		Await.until("felixy leaves plugin:list", () -> pluginkit.listRow("felixy"), r -> r == null);
	}

	/**
	 * A zip bomb as the folder sees one: its central directory says its last entry expands to 1 GiB
	 * (the entry is small: the jar is refused before anything is inflated).
	 */
	private static byte[] declaringAHugeEntry(byte[] jar) {
		for (int i = jar.length - 4; i >= 0; i--) {
			if (jar[i] == 0x50 && jar[i + 1] == 0x4b && jar[i + 2] == 0x01 && jar[i + 3] == 0x02) {
				jar[i + 24] = 0;
				jar[i + 25] = 0;
				jar[i + 26] = 0;
				jar[i + 27] = 0x40;
				return jar;
			}
		}
		throw new AssertionError("no central directory");
	}
}
