package io.pluginkit.itest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;

import io.pluginkit.itest.PluginKit.LibraryRow;
import io.pluginkit.itest.PluginKit.Output;
import io.pluginkit.itest.PluginKit.PluginRow;
import io.pluginkit.testing.Await;
import io.pluginkit.testing.TestJars;
import io.pluginkit.testing.plugins.TraceHook;

/**
 * A plugin's life as its user sees it in the shell and over HTTP: installed through the plain
 * framework API, listed, stopped and started, disabled and enabled, and told apart from libraries.
 */
class PluginLifecycleTest extends InFrameworkTest {

	@Test
	void pluginInstalledThroughTheFrameworkIsListedEnabledAndServes() {
		Bundle bundle = pluginkit.install(TestJars.servletPlugin("greeter", "/itest/greeter", "hello from greeter").version("1.2.3"));

		PluginRow row = pluginkit.awaitPlugin("greeter", "ENABLED");

		assertThat(row.version()).isEqualTo("1.2.3");
		assertThat(row.id()).isEqualTo(Long.toString(bundle.getBundleId()));
		assertThat(row.author()).isEqualTo("PluginKit tests");
		assertThat(row.reason()).isEmpty();
		assertThat(bundle.getState()).isEqualTo(Bundle.ACTIVE);
		assertThat(pluginkit.awaitStatus("/itest/greeter", 200).body()).isEqualTo("hello from greeter");
	}

	@Test
	void stoppingAndStartingTheBundleShowsDisabledThenEnabled() throws Exception {
		Bundle bundle = pluginkit.install(TestJars.servletPlugin("toggled", "/itest/toggled", "on"));
		pluginkit.awaitPlugin("toggled", "ENABLED");
		pluginkit.awaitStatus("/itest/toggled", 200);

		bundle.stop();
		assertThat(pluginkit.get("/itest/toggled").statusCode()).isEqualTo(404);
		assertThat(pluginkit.awaitPlugin("toggled", "DISABLED").reason()).isEmpty();

		bundle.start();
		pluginkit.awaitPlugin("toggled", "ENABLED");
		assertThat(pluginkit.awaitStatus("/itest/toggled", 200).body()).isEqualTo("on");
	}

	@Test
	void shellDisableAndEnableSwitchThePluginOffAndOnLive() {
		Bundle bundle = pluginkit.install(TestJars.servletPlugin("switch", "/itest/switch", "switched on"));
		pluginkit.awaitPlugin("switch", "ENABLED");
		pluginkit.awaitStatus("/itest/switch", 200);

		Output off = pluginkit.shell("plugin:disable switch");
		assertThat(off.out().strip()).isEqualTo("plugin 'switch' DISABLED");
		assertThat(off.err()).isEmpty();
		assertThat(pluginkit.get("/itest/switch").statusCode()).isEqualTo(404);
		assertThat(bundle.getState()).isEqualTo(Bundle.RESOLVED);
		assertThat(pluginkit.plugin("switch").state()).isEqualTo("DISABLED");

		Output on = pluginkit.shell("plugin:enable " + bundle.getBundleId());
		assertThat(on.out().strip()).isEqualTo("plugin 'switch' ENABLED");
		assertThat(on.err()).isEmpty();
		assertThat(pluginkit.awaitStatus("/itest/switch", 200).body()).isEqualTo("switched on");
		assertThat(pluginkit.plugin("switch").state()).isEqualTo("ENABLED");
	}

	@Test
	void bundleWithoutPluginNameIsListedAsALibraryNotAsAPlugin() {
		Bundle library = pluginkit.install(TestJars.bundle("itest.library").version("2.0.0"));

		LibraryRow row = Await.until("plugin:libraries lists itest.library", () -> pluginkit.libraries()
			.get("itest.library"), r -> r != null);

		assertThat(row.id()).isEqualTo(Long.toString(library.getBundleId()));
		assertThat(row.version()).isEqualTo("2.0.0");
		assertThat(pluginkit.plugin(library)).isNull();
		assertThat(pluginkit.plugins()).extracting(PluginRow::name).doesNotContain("itest.library");
		assertThat(pluginkit.shell("plugin:list").out()).containsPattern("\\d+ librar(y|ies) \\(plugin:libraries lists them\\)");
		assertThat(pluginkit.shell("plugin:info " + library.getBundleId()).errLines())
			.singleElement()
			.satisfies(line -> assertThat(line).startsWith("bundle " + library.getBundleId() + " is a library, not a plugin"));
	}

	@Test
	void pluginInfoShowsMetadataReadmeAndHookContribution() {
		pluginkit.install(TestJars.plugin("described")
			.version("3.1.0")
			.header("Plugin-Description", "Shows what plugin:info tells")
			.header("Plugin-License", "Apache-2.0")
			.header("Plugin-Readme-File", "README.md")
			.resource("README.md", "# Described\nA plugin that documents itself.\n")
			.imports("io.pluginkit.api.web,jakarta.servlet.http")
			.component(TraceHook.class, "io.pluginkit.api.web.RequestHook", "name=described",
				"service.ranking:Integer=7"));
		pluginkit.awaitPlugin("described", "ENABLED");

		// its hook registers a moment after the bundle is active
		String info = Await.until("plugin:info shows the hook", () -> pluginkit.shell("plugin:info described").out(),
			out -> out.contains("request hook"));

		assertThat(info).contains("Plugin      described", "Version     3.1.0", "State       ENABLED",
			"Author      PluginKit tests", "Description Shows what plugin:info tells", "License     Apache-2.0",
			"A plugin that documents itself.");
		assertThat(info).containsPattern("request hook io\\.pluginkit\\.testing\\.plugins\\.TraceHook \\(position \\d+ of \\d+, ranking 7\\)");
		assertThat(info).contains("hook failures: 0");
	}

	@Test
	void jarDroppedIntoThePluginsFolderIsEnabledAndGoesAwayWithTheFile() throws Exception {
		Path folder = Path.of(context.getProperty("pluginkit.plugins.dir"));
		Path jar = TestJars.servletPlugin("dropped", "/itest/dropped", "dropped in").writeTo(folder.resolve("dropped.jar"));
		try {
			PluginRow row = pluginkit.awaitPlugin("dropped", "ENABLED");
			assertThat(pluginkit.awaitStatus("/itest/dropped", 200).body()).isEqualTo("dropped in");
			assertThat(context.getBundle(Long.parseLong(row.id())).getLocation()).isEqualTo(jar.toUri().toString());
		} finally {
			Files.delete(jar);
		}
		Await.until("plugin:list no longer shows dropped", () -> pluginkit.plugin("dropped"), r -> r == null);
		assertThat(pluginkit.get("/itest/dropped").statusCode()).isEqualTo(404);
	}

	@Test
	void shellErrorsAreOneLineNamingWhatIsInstalled() {
		pluginkit.install(TestJars.servletPlugin("present", "/itest/present", "here"));
		pluginkit.awaitPlugin("present", "ENABLED");

		for (String command : new String[] { "plugin:enable nope", "plugin:disable nope", "plugin:info nope" }) {
			Output output = pluginkit.shell(command);
			assertThat(output.out()).as(command).isEmpty();
			assertThat(output.errLines()).as(command)
				.singleElement()
				.satisfies(line -> assertThat(line).startsWith("plugin 'nope' not found; installed: ")
					.contains("present")
					.doesNotContain("Exception"));
		}
	}
}
