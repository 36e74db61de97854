package io.pluginkit.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.pluginkit.testing.Await;
import io.pluginkit.testing.ServiceLoaderJars;

/**
 * PluginKit runs without SPI Fly, the Service Loader Mediator, until a plugin or library needs it: the
 * platform logs through slf4j without it and weaves nothing; a plugin that uses {@code java.util.ServiceLoader}
 * across bundles starts it, and finds its provider, with no restart.
 */
class ServiceLoaderIT {

	static final String STARTED_LINE = "SPI Fly (the Service Loader Mediator) started";

	@Test
	void spiFlyStaysOffUntilAPluginUsesServiceLoaderThenServesIt(@TempDir Path temp) throws IOException {
		Path plugins = Files.createDirectories(temp.resolve("plugins"));
		Files.copy(PluginKitProcess.samples().resolve("helloworld.jar"), plugins.resolve("helloworld.jar"));
		try (PluginKitProcess pluginkit = new PluginKitProcess(temp.resolve("data"), plugins).start()) {
			assertThat(pluginkit.get("/limit").statusCode()).isEqualTo(200);
			assertThat(spiFly(pluginkit)).as("SPI Fly while no bundle needs it").contains("Resolved");
			// the platform's own lines go through slf4j to the terminal without it
			assertThat(pluginkit.output()).anyMatch(l -> l.contains("INFO io.pluginkit.runtime"));
			assertThat(pluginkit.output()).noneMatch(l -> l.contains("SLF4J") || l.contains(STARTED_LINE));

			ServiceLoaderJars.api().writeTo(plugins.resolve("greeting-api.jar"));
			ServiceLoaderJars.provider().writeTo(plugins.resolve("greeting-provider.jar"));
			ServiceLoaderJars.consumer().writeTo(plugins.resolve("service-loading.jar"));

			assertThat(pluginkit.awaitStatus(ServiceLoaderJars.ROUTE, 200).body()).isEqualTo(ServiceLoaderJars.GREETING_TEXT);
			assertThat(pluginkit.awaitLine(l -> l.contains(STARTED_LINE))).contains("uses java.util.ServiceLoader");
			assertThat(spiFly(pluginkit)).as("SPI Fly once a bundle needs it").contains("Active");
			assertThat(pluginkit.get("/limit").statusCode()).as("helloworld still answers").isEqualTo(200);
		}
	}

	/** Gogo's {@code lb} row of SPI Fly, e.g. {@code 12|Resolved | 99|Apache Aries SPI Fly Dynamic Weaving Bundle ...}. */
	private static String spiFly(PluginKitProcess pluginkit) {
		List<String> rows = pluginkit.shell("lb -s spifly");
		return Await.until("lb lists SPI Fly", () -> rows.stream().filter(r -> r.contains("spifly")).findFirst().orElse(null),
			row -> row != null);
	}
}
