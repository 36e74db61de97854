package io.pluginkit.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.pluginkit.testing.Await;
import io.pluginkit.testing.TestJars;
import io.pluginkit.testing.plugins.FailingComponent;
import io.pluginkit.testing.plugins.GatedActivator;

/**
 * {@code /health} as a load balancer reads it: 503 {@code STARTING} until the plugins are in
 * place, then 200 {@code UP}, or 200 {@code DEGRADED} naming what fails.
 */
class HealthIT {

	@TempDir
	Path temp;
	Path plugins;
	Path data;

	@BeforeEach
	void folders() throws IOException {
		plugins = Files.createDirectories(temp.resolve("plugins"));
		data = temp.resolve("data");
	}

	@Test
	void healthIsStartingWhileAPluginIsStillStartingThenUpAfterTheStartupLine() throws IOException {
		Path gate = Files.createDirectories(temp.resolve("gate"));
		TestJars.plugin("slow-starter")
			.imports("org.osgi.framework")
			.header("Bundle-Activator", GatedActivator.class.getName())
			.header("Test-Gate", gate.toString())
			.classes(GatedActivator.class)
			.writeTo(plugins.resolve("slow-starter.jar"));

		try (PluginKitProcess pluginkit = new PluginKitProcess(data, plugins).launch()) {
			// the plugin's activator reports the port, then waits for the gate to open
			int port = Await.until("the slow plugin reports the HTTP port", () -> readPort(gate), p -> p > 0);

			HttpResponse<String> starting = pluginkit.get(port, "/health");

			assertThat(starting.statusCode()).isEqualTo(503);
			assertThat(starting.body()).startsWith("{\"status\":\"STARTING\"");
			assertThat(starting.headers().firstValue("Content-Type")).hasValueSatisfying(
				t -> assertThat(t).startsWith("application/json"));
			assertThat(pluginkit.startupLinePrinted()).as("the startup line comes only once plugins are in place").isFalse();

			Files.writeString(gate.resolve("open"), "go");
			pluginkit.awaitStartup();

			assertThat(pluginkit.startupLine()).endsWith("1 plugin enabled, 0 disabled, 0 failed");
			HttpResponse<String> up = pluginkit.get("/health");
			assertThat(up.statusCode()).isEqualTo(200);
			assertThat(up.body()).isEqualTo("{\"status\":\"UP\",\"plugins\":{\"enabled\":1,\"disabled\":0,\"failed\":0}}");
		}
	}

	@Test
	void healthIsDegradedNamingAFailedPluginAndItsReason() {
		TestJars.plugin("fragile").component(FailingComponent.class, null).writeTo(plugins.resolve("fragile.jar"));
		TestJars.servletPlugin("sturdy", "/sturdy", "fine").writeTo(plugins.resolve("sturdy.jar"));

		try (PluginKitProcess pluginkit = new PluginKitProcess(data, plugins).start()) {
			assertThat(pluginkit.startupLine()).endsWith("1 plugin enabled, 0 disabled, 1 failed");

			HttpResponse<String> health = pluginkit.get("/health");

			assertThat(health.statusCode()).isEqualTo(200);
			assertThat(health.body()).startsWith("{\"status\":\"DEGRADED\",\"plugins\":{\"enabled\":1,\"disabled\":0,\"failed\":1}")
				.contains("\"failing\":[{\"name\":\"fragile\",\"state\":\"FAILED\",\"reason\":\"component ")
				.contains("failed to activate: ")
				.contains("database unreachable at db.invalid:5432")
				.doesNotContain("sturdy");
			assertThat(pluginkit.get("/sturdy").body()).isEqualTo("fine");
		}
	}

	private static int readPort(Path gate) throws IOException {
		Path port = gate.resolve("port");
		return Files.exists(port) ? Integer.parseInt(Files.readString(port).trim()) : 0;
	}
}
