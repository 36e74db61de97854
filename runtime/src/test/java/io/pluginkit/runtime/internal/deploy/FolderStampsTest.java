package io.pluginkit.runtime.internal.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.pluginkit.runtime.internal.deploy.FolderScanner.Known;

class FolderStampsTest {

	@TempDir
	Path dir;

	@Test
	void stampsSurviveARoundTripWhateverTheFileNames() throws Exception {
		Path file = dir.resolve("data/folderstamps.properties");
		Map<String, Known> stamps = Map.of("a.jar", new Known(12, 1700000000000L, "ab12"),
			"with space = and:colon.JAR", new Known(3, 4, "cd34"), "sub/dir.jar", new Known(5, 6, "ef"));

		FolderStamps.save(file, stamps);

		assertThat(FolderStamps.load(file)).isEqualTo(stamps);
		try (var files = Files.list(file.getParent())) {
			assertThat(files).containsExactly(file);
		}
	}

	@Test
	void aMissingOrDamagedFileMeansReadingTheJarsAgain() throws Exception {
		assertThat(FolderStamps.load(dir.resolve("none.properties"))).isEmpty();
		assertThat(FolderStamps.load(null)).isEmpty();

		Path damaged = Files.writeString(dir.resolve("damaged.properties"),
			"a.jar=12 x ab\nb.jar=12\nc.jar=1 2 cc\nd.jar=\\u00zz\n");
		assertThat(FolderStamps.load(damaged)).isEmpty(); // a malformed escape: the whole file is a hint lost

		Path partly = Files.writeString(dir.resolve("partly.properties"), "a.jar=12 x ab\nb.jar=12\nc.jar=1 2 cc\n");
		assertThat(FolderStamps.load(partly)).containsOnlyKeys("c.jar");
	}
}
