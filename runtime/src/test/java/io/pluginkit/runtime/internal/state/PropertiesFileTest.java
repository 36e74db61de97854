package io.pluginkit.runtime.internal.state;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PropertiesFileTest {

	@TempDir
	Path dir;

	private static final Map<String, String> AWKWARD = Map.of(
		"decision.zoë's plugin", "enabled",
		"bundle.1.location", "file:/home/zoë/my plugins/teapot=1.0:final.jar",
		"key with = and : and # and !", " leading space, trailing space ",
		"tabs\tnewlines\nreturns\r", "back\\slash \u2603 \uD83D\uDE00",
		"empty", "");

	@Test
	void whatIsWrittenIsReadBackUnchanged() throws IOException {
		Path file = dir.resolve("state.properties");

		PropertiesFile.write(file, AWKWARD, "test");

		assertThat(PropertiesFile.read(file)).isEqualTo(AWKWARD);
	}

	@Test
	void theFileIsAsciiSortedAndReadableByPlainProperties() throws IOException {
		Path file = dir.resolve("state.properties");

		PropertiesFile.write(file, AWKWARD, "test");

		byte[] bytes = Files.readAllBytes(file);
		for (byte b : bytes) {
			assertThat(b).as("only ASCII, as Properties.store writes").isBetween((byte) 0, (byte) 0x7f);
		}
		Properties plain = new Properties();
		try (InputStream in = Files.newInputStream(file)) {
			plain.load(in); // an earlier PluginKit, or a user's script
		}
		assertThat(new TreeMap<>(plain)).isEqualTo(new TreeMap<>(AWKWARD));
		java.util.List<String> keys = new java.util.ArrayList<>();
		for (String line : Files.readAllLines(file, UTF_8).subList(1, AWKWARD.size() + 1)) {
			Properties one = new Properties();
			one.load(new java.io.StringReader(line));
			keys.addAll(one.stringPropertyNames());
		}
		assertThat(keys).as("one entry a line, sorted by key").hasSize(AWKWARD.size()).isSorted();
	}

	@Test
	void aMissingFileHasNoEntries() throws IOException {
		assertThat(PropertiesFile.read(dir.resolve("absent.properties"))).isEmpty();
	}

	@Test
	void aFileCutInsideAnEscapeIsDamagedNotHalfRead() throws IOException {
		Path file = Files.writeString(dir.resolve("state.properties"), "a=1\nb=\\u00");

		assertThatThrownBy(() -> PropertiesFile.read(file)).hasMessageContaining(file + " is damaged")
			.hasMessageContaining("the file was left as it is");
	}
}
