package io.pluginkit.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.pluginkit.testing.Await;

/**
 * Scripts drive PluginKit through a named pipe, as the README shows: {@code java -jar pluginkit.jar <
 * fifo}, then one {@code echo 'command' > fifo} after another. Each writer closing the FIFO is an
 * end of input; the next writer's commands must still be read.
 */
class FifoIT {

	@Test
	void commandsFromSuccessiveWritersOfAFifoAreAllRun(@TempDir Path temp) throws Exception {
		Path plugins = Files.createDirectories(temp.resolve("plugins"));
		Files.copy(PluginKitProcess.samples().resolve("helloworld.jar"), plugins.resolve("helloworld.jar"));
		Path fifo = temp.resolve("pk.fifo");
		Path log = temp.resolve("pluginkit.log");
		assertThat(new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start().waitFor()).isZero();
		String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
		Process pluginkit = new ProcessBuilder("sh", "-c",
			"exec \"$0\" -XX:TieredStopAtLevel=1 -Dorg.osgi.service.http.port=0 -Dpluginkit.data.dir=\"$1\""
				+ " -Dpluginkit.plugins.dir=\"$2\" -Djava.io.tmpdir=\"$3\" -jar \"$4\" < \"$5\" > \"$6\" 2>&1",
			java, temp.resolve("data").toString(), plugins.toString(), Files.createDirectories(temp.resolve("tmp")).toString(),
			PluginKitProcess.jar().toString(), fifo.toString(), log.toString()).start();
		try {
			write(fifo, "'first writer'\n");
			Await.until("PluginKit started", () -> Files.readString(log), l -> l.contains(" started in "));
			write(fifo, "plugin:disable helloworld\n");
			Await.until("the second writer's command ran", () -> Files.readString(log),
				l -> l.contains("plugin 'helloworld' DISABLED"));
			write(fifo, "plugin:enable helloworld\n");
			String output = Await.until("the third writer's command ran", () -> Files.readString(log),
				l -> l.contains("plugin 'helloworld' ENABLED"));
			assertThat(output).contains("first writer");
			assertThat(pluginkit.isAlive()).isTrue();
		} finally {
			pluginkit.destroy();
			if (!pluginkit.waitFor(30, TimeUnit.SECONDS)) {
				pluginkit.destroyForcibly();
			}
		}
	}

	/** One writer: open the FIFO (waits for PluginKit to have it open), write, close. */
	private static void write(Path fifo, String text) throws IOException {
		try (OutputStream out = Files.newOutputStream(fifo)) {
			out.write(text.getBytes(StandardCharsets.UTF_8));
		}
	}
}
