package io.pluginkit.itest;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleException;

import io.pluginkit.testing.ServiceLoaderJars;

/**
 * A plugin that uses {@code java.util.ServiceLoader} finds a library's provider through SPI Fly, the Service
 * Loader Mediator. (Here SPI Fly runs from the start: the tester bundle asks for it, so PluginKit starts it when the
 * launcher installs the tester. That it stays off until a bundle needs it is tested end to end, in
 * {@code ServiceLoaderIT}.)
 */
class ServiceLoaderTest extends InFrameworkTest {

	@Test
	void aPluginUsingServiceLoaderFindsALibrarysProvider() {
		pluginkit.install(ServiceLoaderJars.api());
		// installed through the framework, a library is started by whoever installs it (SPI Fly serves the
		// providers of active bundles)
		start(pluginkit.install(ServiceLoaderJars.provider()));
		pluginkit.install(ServiceLoaderJars.consumer());

		pluginkit.awaitPlugin("service-loading", "ENABLED");
		assertThat(pluginkit.awaitStatus("/itest/service-loading", 200).body()).isEqualTo(ServiceLoaderJars.GREETING_TEXT);
	}

	private static void start(Bundle bundle) {
		try {
			bundle.start();
		} catch (BundleException e) {
			throw new AssertionError(e);
		}
	}
}
