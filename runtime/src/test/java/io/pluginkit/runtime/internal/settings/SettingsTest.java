package io.pluginkit.runtime.internal.settings;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SettingsTest {

	@TempDir
	Path dir;

	private final Map<String, String> properties = new HashMap<>();

	@Test
	void withoutPropertiesTheDefaultsOfTheDesignApply() {
		Settings s = settings();

		assertThat(s.dataDir()).isEqualTo(Paths.get("data").toAbsolutePath().normalize());
		assertThat(s.pluginsDir()).isEqualTo(Paths.get("plugins").toAbsolutePath().normalize());
		assertThat(s.shell()).isTrue();
		assertThat(s.httpHost()).isEqualTo("127.0.0.1");
	}

	@Test
	void theDataFolderCanBeChosen() {
		properties.put("pluginkit.data.dir", dir.resolve("state/../data").toString());

		assertThat(settings().dataDir()).isEqualTo(dir.resolve("data"));
	}

	@Test
	void aRelativeDataFolderIsResolvedAgainstTheWorkingDirectory() {
		properties.put("pluginkit.data.dir", "var/pluginkit");

		assertThat(settings().dataDir()).isAbsolute().isEqualTo(Paths.get("var/pluginkit").toAbsolutePath());
	}

	@Test
	void thePluginsFolderCanBeChosen() {
		properties.put("pluginkit.plugins.dir", dir.resolve("hot").toString());

		assertThat(settings().pluginsDir()).isEqualTo(dir.resolve("hot"));
	}

	@Test
	void thePluginsFolderIsBesideTheLaunchJarByDefault() {
		Path jar = dir.resolve("dist/pluginkit.jar");
		properties.put("java.class.path", jar + File.pathSeparator + dir.resolve("other.jar"));

		assertThat(settings().pluginsDir()).isEqualTo(dir.resolve("dist/plugins"));
	}

	@Test
	void whenNotLaunchedFromAJarThePluginsFolderIsInTheWorkingDirectory() {
		properties.put("java.class.path", dir.resolve("target/classes").toString());

		assertThat(settings().pluginsDir()).isEqualTo(Paths.get("plugins").toAbsolutePath().normalize());
	}

	@Test
	void blankValuesCountAsUnset() {
		properties.put("pluginkit.data.dir", " ");
		properties.put("pluginkit.plugins.dir", "");
		properties.put("pluginkit.shell", "  ");
		properties.put("org.apache.felix.http.host", "");

		assertThat(settings()).isEqualTo(new Settings(Paths.get("data").toAbsolutePath().normalize(),
			Paths.get("plugins").toAbsolutePath().normalize(), true, "127.0.0.1"));
	}

	@Test
	void theShellIsTurnedOffOnlyByFalse() {
		for (String off : new String[] { "false", "FALSE", " false " }) {
			properties.put("pluginkit.shell", off);
			assertThat(settings().shell()).as(off).isFalse();
		}
		for (String on : new String[] { "true", "yes", "0" }) {
			properties.put("pluginkit.shell", on);
			assertThat(settings().shell()).as(on).isTrue();
		}
	}

	@Test
	void urlsUseTheHttpHost() {
		properties.put("org.apache.felix.http.host", "10.1.2.3");

		assertThat(settings().httpHost()).isEqualTo("10.1.2.3");
	}

	@Test
	void aWildcardHostIsPrintedAsLoopback() {
		for (String any : new String[] { "0.0.0.0", "::" }) {
			properties.put("org.apache.felix.http.host", any);
			assertThat(settings().httpHost()).as(any).isEqualTo("127.0.0.1");
		}
	}

	private Settings settings() {
		return Settings.from(properties::get);
	}
}
