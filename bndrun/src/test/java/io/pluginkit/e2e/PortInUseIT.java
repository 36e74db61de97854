package io.pluginkit.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A port that another program holds: the startup line says so instead of a URL that does not work. */
class PortInUseIT {

	@Test
	void startupLineNamesThePortInUseAndTheShellStillWorks(@TempDir Path temp) throws IOException {
		Path plugins = Files.createDirectories(temp.resolve("plugins"));
		try (ServerSocket squatter = new ServerSocket()) {
			squatter.bind(new InetSocketAddress(0));
			int port = squatter.getLocalPort();
			try (PluginKitProcess pluginkit = new PluginKitProcess(temp.resolve("data"), plugins)
				.property("org.osgi.service.http.port", String.valueOf(port)).launch()) {
				String line = pluginkit.awaitLine(l -> l.contains(" started in "));
				assertThat(line).contains("no HTTP: port " + port + " is already in use",
					"-Dorg.osgi.service.http.port=");
				assertThat(pluginkit.shell("plugin:list")).anySatisfy(l -> assertThat(l).startsWith("NAME"));
				assertThat(temp.resolve("data/http.port")).doesNotExist();
			}
		}
	}
}
