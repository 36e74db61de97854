package io.pluginkit.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.zip.ZipEntry;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@link PluginKit} gives a test, on the real PluginKit: the plugin under test is a bundle folder of
 * this module's test resources ({@code greeter}: a manifest and {@code static/hello.txt}, no code, so that
 * the kit needs no sample built before it), packed and deployed by the kit.
 */
@PluginKitTest(plugin = "target/test-classes/greeter")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RunningPluginKitTest {

	static final String HELLO = "/static/greeter/hello.txt";

	@Test
	@Order(1)
	void aBundleFolderIsDeployedAndStartedAndTheBaseUrlIsAFreePortOfLocalhost(PluginKit pluginkit) {
		assertThat(pluginkit.plugin()).isEqualTo("greeter");
		assertThat(pluginkit.uri().toString()).isEqualTo("http://127.0.0.1:" + pluginkit.port() + "/");
		assertThat(pluginkit.pluginsDir().resolve("greeter.jar")).isRegularFile();
		assertThat(pluginkit.state("greeter")).isEqualTo("ENABLED");
		assertThat(pluginkit.log()).anyMatch(l -> l.contains("PluginKit ") && l.contains(" started in "));
	}

	@Test
	@Order(2)
	void getAnswersWhatThePluginServes(PluginKit pluginkit) {
		HttpResponse<String> hello = pluginkit.get(HELLO);
		assertThat(hello.statusCode()).isEqualTo(200);
		assertThat(hello.body()).isEqualTo("hello from greeter\n");
		assertThat(hello.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/plain"));
		assertThat(pluginkit.get("/static/greeter/nothing.txt").statusCode()).isEqualTo(404);
	}

	@Test
	@Order(3)
	void theShellAnswersCommandsAndARefusedToggleFailsTheTestWithTheReply(PluginKit pluginkit) {
		assertThat(pluginkit.shell("plugin:info greeter")).contains("greeter", "PluginKit tests", HELLO);
		assertThat(pluginkit.shell("plugin:info nosuch")).contains("'nosuch' not found");
		assertThatThrownBy(() -> pluginkit.disable("nosuch")).isInstanceOf(AssertionError.class)
			.hasMessageContaining("'nosuch' not found");
	}

	@Test
	@Order(4)
	void disabledThePluginServesNothingAndEnabledItIsBack(PluginKit pluginkit) {
		assertThat(pluginkit.disable()).isEqualTo("plugin 'greeter' DISABLED");
		assertThat(pluginkit.state("greeter")).isEqualTo("DISABLED");
		assertThat(pluginkit.get(HELLO).statusCode()).isEqualTo(404);

		assertThat(pluginkit.enable()).isEqualTo("plugin 'greeter' ENABLED");
		assertThat(pluginkit.get(HELLO).body()).isEqualTo("hello from greeter\n");
	}

	@Test
	@Order(5)
	void aJarDeployedIntoThePluginsFolderIsInstalledAndStarted(PluginKit pluginkit, @TempDir Path dir) throws Exception {
		Manifest manifest = new Manifest();
		Attributes main = manifest.getMainAttributes();
		main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
		main.putValue("Bundle-ManifestVersion", "2");
		main.putValue("Bundle-SymbolicName", "io.pluginkit.test.second");
		main.putValue("Bundle-Version", "1.0.0");
		main.putValue("Plugin-Name", "second");
		main.putValue("Plugin-Author", "PluginKit tests");
		Path jar = dir.resolve("second.jar");
		try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), manifest)) {
			out.putNextEntry(new ZipEntry("static/two.txt"));
			out.write("two".getBytes());
			out.closeEntry();
		}

		assertThat(pluginkit.deploy(jar)).isEqualTo(pluginkit.pluginsDir().resolve("second.jar"));

		assertThat(pluginkit.awaitStatus("/static/second/two.txt", 200).body()).isEqualTo("two");
		assertThat(pluginkit.await("plugin:list shows 'second' ENABLED", () -> pluginkit.state("second"),
			"ENABLED"::equals)).isEqualTo("ENABLED");
	}

	@Test
	@Order(6)
	void theAdminTokenOpensTheAdminApi(PluginKit pluginkit) {
		assertThat(pluginkit.dataDir().resolve("admin.token")).isRegularFile();
		HttpResponse<String> plugins = pluginkit.get("/admin/api/plugins", "Authorization", "Bearer " + pluginkit.adminToken());
		assertThat(plugins.statusCode()).isEqualTo(200);
		assertThat(plugins.body()).contains("\"name\":\"greeter\"");
		assertThat(pluginkit.get("/admin/api/plugins").statusCode()).isEqualTo(401);
	}

	@Test
	@Order(7)
	void theStateOfAPluginThatIsNotThereFailsTheTestWithThePluginList(PluginKit pluginkit) {
		assertThatThrownBy(() -> pluginkit.state("nosuch")).isInstanceOf(AssertionError.class)
			.hasMessageContaining("plugin:list does not show 'nosuch'").hasMessageContaining("greeter");
	}
}
