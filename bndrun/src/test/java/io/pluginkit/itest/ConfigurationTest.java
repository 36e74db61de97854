package io.pluginkit.itest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Hashtable;

import org.junit.jupiter.api.Test;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.test.common.annotation.InjectService;

import io.pluginkit.testing.Await;
import io.pluginkit.testing.TestJars;

/**
 * An area's settings through Configuration Admin: a configuration of its PID wins over the default,
 * applies to the next operation without a restart, and deleting it brings the default back.
 */
class ConfigurationTest extends InFrameworkTest {

	@InjectService(timeout = 30_000)
	ConfigurationAdmin configurationAdmin;

	@Test
	void theInstallsConfigurationBoundsWhatAJarMayExpandToLive() throws Exception {
		Path jar = TestJars.servletPlugin("roomy", "/itest/roomy", "x".repeat(5_000))
			.writeTo(jars.resolve("roomy.jar"));
		Configuration install = configurationAdmin.getConfiguration("pluginkit.install", "?");
		Hashtable<String, Object> properties = new Hashtable<>();
		properties.put("pluginkit.jar.max.expanded.bytes", 1_000L);
		install.update(properties);
		try {
			// the configuration reaches the registry asynchronously: until it does, an install goes through
			// and is undone before the next try
			String refused = Await.until("plugin:install refuses a jar above the configured bound", () -> {
				PluginKit.Output out = pluginkit.shell("plugin:install " + jar);
				if (out.out().contains("plugin 'roomy'")) {
					pluginkit.shell("plugin:uninstall roomy");
				}
				return out.err();
			}, err -> err.contains("expands to more than 1000"));
			assertThat(refused.lines()).hasSize(1).allSatisfy(l -> assertThat(l).contains("roomy.jar"));
			assertThat(pluginkit.plugin("roomy")).isNull();
		} finally {
			install.delete();
		}
		Await.until("without the configuration the default bound applies again",
			() -> pluginkit.shell("plugin:install " + jar).out(), out -> out.contains("plugin 'roomy'"));
		pluginkit.awaitPlugin("roomy", "ENABLED");
		assertThat(pluginkit.shell("plugin:uninstall roomy").out()).contains("uninstalled");
	}
}
