package io.pluginkit.itest;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;

import io.pluginkit.itest.PluginKit.PluginRow;
import io.pluginkit.testing.TestJars;
import io.pluginkit.testing.plugins.FailingComponent;

/**
 * A plugin that cannot run is {@code FAILED} with a reason a user can act on, and nothing else is
 * affected.
 */
class PluginFailureTest extends InFrameworkTest {

	@Test
	void invalidPluginNameFailsNamingTheHeaderAndTheValue() {
		Bundle bundle = pluginkit.install(TestJars.plugin("Bad_Name"));

		PluginRow row = pluginkit.awaitPlugin(bundle, "FAILED");

		assertThat(row.reason()).contains("Plugin-Name 'Bad_Name' is invalid");
		assertThat(bundle.getState()).isNotEqualTo(Bundle.ACTIVE);
	}

	@Test
	void missingAuthorFailsNamingTheHeader() {
		Bundle bundle = pluginkit.install(TestJars.bundle("test.plugin.anonymous").header("Plugin-Name", "anonymous"));

		PluginRow row = pluginkit.awaitPlugin("anonymous", "FAILED");

		assertThat(row.id()).isEqualTo(Long.toString(bundle.getBundleId()));
		assertThat(row.reason()).contains("Plugin-Author is missing");
		assertThat(bundle.getState()).isNotEqualTo(Bundle.ACTIVE);
	}

	@Test
	void duplicateNameFailsNamingTheHeaderTheValueAndTheOtherBundle() {
		Bundle first = pluginkit.install(TestJars.plugin("twin"));
		pluginkit.awaitPlugin(first, "ENABLED");

		Bundle second = pluginkit.install(TestJars.bundle("test.plugin.other_twin")
			.header("Plugin-Name", "twin")
			.header("Plugin-Author", "someone else"));
		PluginRow row = pluginkit.awaitPlugin(second, "FAILED");

		assertThat(row.reason()).contains("Plugin-Name 'twin' is already used by bundle " + first.getBundleId());
		assertThat(pluginkit.plugin(first).state()).isEqualTo("ENABLED");
	}

	@Test
	void missingPackageFailsNamingThePackage() {
		Bundle bundle = pluginkit.install(TestJars.plugin("needs-missing")
			.imports("com.example.missing;version=\"[1.2,2)\""));

		PluginRow row = pluginkit.awaitPlugin("needs-missing", "FAILED");

		assertThat(row.reason()).contains("package com.example.missing [1.2.0,2.0.0) is missing");
		assertThat(bundle.getState()).isEqualTo(Bundle.INSTALLED);
		assertThat(pluginkit.shell("plugin:info needs-missing").out())
			.contains("State       FAILED")
			.contains("Reason      package com.example.missing");
	}

	@Test
	void componentThrowingInActivateFailsWithTheMessageWhileOtherPluginsKeepWorking() {
		pluginkit.install(TestJars.servletPlugin("healthy", "/itest/healthy", "still here"));
		pluginkit.install(TestJars.plugin("db-client").component(FailingComponent.class, null));

		PluginRow failed = pluginkit.awaitPlugin("db-client", "FAILED");

		assertThat(failed.reason()).contains("failed to activate").contains("database unreachable at db.invalid:5432");
		assertThat(pluginkit.awaitPlugin("healthy", "ENABLED").reason()).isEmpty();
		assertThat(pluginkit.awaitStatus("/itest/healthy", 200).body()).isEqualTo("still here");
		assertThat(pluginkit.get("/health").body().replace(" ", "")).contains("\"failed\":1");
	}
}
