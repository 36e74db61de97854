package io.pluginkit.itest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;

import io.pluginkit.itest.PluginKit.Output;
import io.pluginkit.itest.PluginKit.PluginRow;
import io.pluginkit.testing.Await;
import io.pluginkit.testing.TestJars;
import io.pluginkit.testing.greeting.Greeting;
import io.pluginkit.testing.plugins.GreetingProvider;
import io.pluginkit.testing.plugins.GreetingServlet;

/** A plugin {@code FAILED} for a cause that goes away gets its desired state again by itself. */
class PluginHealingTest extends InFrameworkTest {

	static final String GREETING = Greeting.class.getName();
	static final String GREETING_PACKAGE = Greeting.class.getPackageName();

	@Test
	void aPluginMissingAPackageIsEnabledOnceABundleExportingItIsInstalled() {
		Bundle plugin = pluginkit.install(TestJars.servletPlugin("awaits-package", "/itest/awaits-package", "resolved")
			.imports(TestJars.SERVLET_IMPORTS + ",itest.arriving.api;version=\"[1,2)\""));
		assertThat(pluginkit.awaitPlugin("awaits-package", "FAILED").reason())
			.contains("package itest.arriving.api [1.0.0,2.0.0) is missing");

		pluginkit.install(TestJars.bundle("itest.arriving").header("Export-Package", "itest.arriving.api;version=\"1.1.0\""));

		pluginkit.awaitPlugin("awaits-package", "ENABLED");
		assertThat(pluginkit.plugin("awaits-package").reason()).isEmpty();
		assertThat(plugin.getState()).isEqualTo(Bundle.ACTIVE);
		assertThat(pluginkit.awaitStatus("/itest/awaits-package", 200).body()).isEqualTo("resolved");
	}

	@Test
	void aPluginMissingAPackageIsEnabledOnceALibraryExportingItIsDroppedIntoTheFolder() throws Exception {
		pluginkit.install(TestJars.servletPlugin("awaits-folder-package", "/itest/awaits-folder-package", "resolved")
			.imports(TestJars.SERVLET_IMPORTS + ",itest.dropped.api"));
		assertThat(pluginkit.awaitPlugin("awaits-folder-package", "FAILED").reason())
			.contains("package itest.dropped.api is missing");
		Path library = Path.of(context.getProperty("pluginkit.plugins.dir")).resolve("itest-dropped-api.jar");
		try {
			TestJars.bundle("itest.dropped").header("Export-Package", "itest.dropped.api").writeTo(library);

			pluginkit.awaitPlugin("awaits-folder-package", "ENABLED");
			assertThat(pluginkit.awaitStatus("/itest/awaits-folder-package", 200).body()).isEqualTo("resolved");
		} finally {
			Files.deleteIfExists(library);
		}
		Await.until("the library leaves plugin:libraries", () -> pluginkit.libraries(), l -> !l.containsKey("itest.dropped"));
		// and the plugin that needed it fails again, naming the package (the registry has settled before the
		// test's bundles are uninstalled: a resolve in flight would make that uninstall fail)
		assertThat(pluginkit.awaitPlugin("awaits-folder-package", "FAILED").reason())
			.contains("package itest.dropped.api is missing");
	}

	@Test
	void aPluginWhoseServiceProviderIsDisabledFailsNamingTheProviderAndComesBackWhenItIsEnabled() {
		pluginkit.install(TestJars.bundle("itest.greeting.api").header("Export-Package", GREETING_PACKAGE)
			.classes(Greeting.class));
		pluginkit.install(TestJars.plugin("greeting-provider")
			.imports(GREETING_PACKAGE)
			.header("Provide-Capability", "osgi.service;objectClass:List<String>=\"" + GREETING + "\"")
			.component(GreetingProvider.class, GREETING, "text=hello from the provider"));
		pluginkit.install(TestJars.plugin("greeting-consumer")
			.imports(TestJars.SERVLET_IMPORTS + "," + GREETING_PACKAGE)
			.header("Require-Capability", "osgi.service;filter:=\"(objectClass=" + GREETING
				+ ")\";effective:=active")
			.component(GreetingServlet.class, "jakarta.servlet.Servlet", Map.of("greeting", GREETING),
				"osgi.http.whiteboard.servlet.pattern=/itest/greeting"));
		pluginkit.awaitPlugin("greeting-provider", "ENABLED");
		pluginkit.awaitPlugin("greeting-consumer", "ENABLED");
		assertThat(pluginkit.awaitStatus("/itest/greeting", 200).body()).isEqualTo("hello from the provider");

		assertThat(pluginkit.shell("plugin:disable greeting-provider").out().strip())
			.isEqualTo("plugin 'greeting-provider' DISABLED");

		PluginRow failed = pluginkit.awaitPlugin("greeting-consumer", "FAILED");
		assertThat(failed.reason()).contains("waits for service " + GREETING)
			.contains("plugin 'greeting-provider' provides it (DISABLED)");
		assertThat(pluginkit.get("/itest/greeting").statusCode()).isEqualTo(404);

		pluginkit.shell("plugin:enable greeting-provider");

		pluginkit.awaitPlugin("greeting-consumer", "ENABLED");
		assertThat(pluginkit.plugin("greeting-consumer").reason()).isEmpty();
		assertThat(pluginkit.awaitStatus("/itest/greeting", 200).body()).isEqualTo("hello from the provider");
	}

	@Test
	void aPluginRefusedForADuplicateNameIsEnabledOnceTheOtherIsUninstalled() {
		Bundle first = pluginkit.install(TestJars.servletPlugin("twin-heal", "/itest/twin-heal", "first"));
		pluginkit.awaitPlugin(first, "ENABLED");
		Bundle second = pluginkit.install(TestJars.servletPlugin("twin-heal", "/itest/twin-heal-2", "second")
			.header("Bundle-SymbolicName", "test.plugin.twin_heal.second"));
		assertThat(pluginkit.awaitPlugin(second, "FAILED").reason())
			.contains("Plugin-Name 'twin-heal' is already used by bundle " + first.getBundleId());

		Output uninstalled = pluginkit.shell("plugin:uninstall " + first.getBundleId());
		assertThat(uninstalled.out().strip()).isEqualTo("plugin 'twin-heal' uninstalled");

		PluginRow row = pluginkit.awaitPlugin(second, "ENABLED");
		assertThat(row.name()).isEqualTo("twin-heal");
		assertThat(row.reason()).isEmpty();
		assertThat(pluginkit.awaitStatus("/itest/twin-heal-2", 200).body()).isEqualTo("second");
	}

	@Test
	void aFolderJarRefusedForADuplicateNameIsEnabledOnceTheOtherJarIsDeleted() throws Exception {
		Path folder = Path.of(context.getProperty("pluginkit.plugins.dir"));
		Path a = folder.resolve("folder-twin-a.jar");
		Path b = folder.resolve("folder-twin-b.jar");
		try {
			TestJars.servletPlugin("folder-twin", "/itest/folder-twin-a", "a").writeTo(a);
			pluginkit.awaitPlugin("folder-twin", "ENABLED");
			TestJars.servletPlugin("folder-twin", "/itest/folder-twin-b", "b")
				.header("Bundle-SymbolicName", "test.plugin.folder_twin.b")
				.writeTo(b);
			assertThat(pluginkit.awaitPlugin("folder-twin-b.jar", "FAILED").reason()).contains("already used");

			Files.delete(a);

			PluginRow row = Await.until("plugin:list shows folder-twin from folder-twin-b.jar ENABLED",
				() -> pluginkit.plugin("folder-twin"), r -> r != null && r.state().equals("ENABLED")
					&& context.getBundle(Long.parseLong(r.id())).getLocation().endsWith("folder-twin-b.jar"));
			assertThat(row.reason()).isEmpty();
			assertThat(pluginkit.plugin("folder-twin-b.jar")).isNull();
			assertThat(pluginkit.awaitStatus("/itest/folder-twin-b", 200).body()).isEqualTo("b");
		} finally {
			Files.deleteIfExists(a);
			Files.deleteIfExists(b);
		}
		Await.until("folder-twin leaves plugin:list", () -> pluginkit.plugin("folder-twin"), r -> r == null);
	}
}
