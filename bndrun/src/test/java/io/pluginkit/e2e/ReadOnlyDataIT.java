package io.pluginkit.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A data folder that cannot be written (a read-only mount, a full disk): PluginKit still starts and
 * serves with what it can read, says once what cannot be saved, and refuses changes it could not
 * keep instead of pretending.
 */
class ReadOnlyDataIT {

	@Test
	void startsAndServesSayingOnceWhatCannotBeSaved(@TempDir Path temp) throws Exception {
		Path plugins = Files.createDirectories(temp.resolve("plugins"));
		Files.copy(PluginKitProcess.samples().resolve("helloworld.jar"), plugins.resolve("helloworld.jar"));
		Path data = temp.resolve("data");
		try (PluginKitProcess first = new PluginKitProcess(data, plugins).start()) {
			first.stop();
		}
		immutable(data, true);
		try (PluginKitProcess pluginkit = new PluginKitProcess(data, plugins).start()) {
			assertThat(pluginkit.startupLine()).endsWith("1 plugin enabled, 0 disabled, 0 failed");
			assertThat(pluginkit.get("/limit").statusCode()).isEqualTo(200);
			assertThat(pluginkit.output().stream().filter(l -> l.contains("cannot be written"))).hasSize(1);

			assertThat(pluginkit.shell("plugin:disable helloworld"))
				.anySatisfy(l -> assertThat(l).contains("helloworld", "was not disabled", "cannot be saved"));
			assertThat(pluginkit.get("/limit").statusCode()).isEqualTo(200);
			assertThat(pluginkit.listRow("helloworld")).contains("ENABLED");
		} finally {
			immutable(data, false);
		}
	}

	/** Root is not stopped by permissions: the immutable attribute makes the folder read-only for it too. */
	private static void immutable(Path dir, boolean on) throws IOException, InterruptedException {
		boolean root = "root".equals(System.getProperty("user.name"));
		if (root) {
			Process p = new ProcessBuilder("chattr", on ? "+i" : "-i", dir.toString()).redirectErrorStream(true).start();
			p.getInputStream().readAllBytes();
			p.waitFor(10, TimeUnit.SECONDS);
		} else {
			dir.toFile().setWritable(!on, false);
		}
		if (on) {
			boolean writable;
			try {
				Files.delete(Files.createTempFile(dir, "probe", ".tmp"));
				writable = true;
			} catch (IOException e) {
				writable = false;
			}
			assumeTrue(!writable, "this system cannot make " + dir + " read-only");
		}
	}
}
