package io.pluginkit.runtime.internal.state;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFileTest {

	@TempDir
	Path dir;

	@Test
	void aNewFileGetsItsContentAndNoTempFileIsLeft() throws IOException {
		Path target = dir.resolve("state.properties");

		AtomicFile.write(target, out -> out.write("a=1\n".getBytes(UTF_8)));

		assertThat(target).hasContent("a=1");
		assertThat(filesIn(dir)).containsExactly("state.properties");
	}

	@Test
	void anExistingFileIsReplacedWhole() throws IOException {
		Path target = Files.writeString(dir.resolve("state.properties"), "old content that is longer\n");

		AtomicFile.write(target, out -> out.write("new\n".getBytes(UTF_8)));

		assertThat(target).hasContent("new");
	}

	@Test
	void aReplaceWithoutFlushIsStillWholeAndLeavesNoTempFile() throws IOException {
		Path target = Files.writeString(dir.resolve("http.port"), "8080\n");

		AtomicFile.replace(target, out -> out.write("41234\n".getBytes(UTF_8)));
		assertThatThrownBy(() -> AtomicFile.replace(target, out -> {
			out.write("9".getBytes(UTF_8));
			throw new IOException("No space left on device");
		})).isInstanceOf(IOException.class);

		assertThat(target).hasContent("41234");
		assertThat(filesIn(dir)).containsExactly("http.port");
	}

	@Test
	void aWriteThatFailsHalfWayLeavesTheOldContentAndNoTempFile() throws IOException {
		Path target = Files.writeString(dir.resolve("state.properties"), "old\n");

		assertThatThrownBy(() -> AtomicFile.write(target, out -> {
			out.write("half of the new".getBytes(UTF_8));
			throw new IOException("No space left on device");
		})).isInstanceOf(IOException.class).hasMessage("No space left on device");

		assertThat(target).hasContent("old");
		assertThat(filesIn(dir)).containsExactly("state.properties");
	}

	@Test
	void aFolderThatCannotBeWrittenFailsTheWriteAndLeavesTheFileAsItWas() throws IOException {
		Path target = Files.writeString(dir.resolve("state.properties"), "old\n");
		try (ReadOnlyFolder readOnly = ReadOnlyFolder.of(dir)) {
			assertThatThrownBy(() -> AtomicFile.write(target, out -> out.write("new".getBytes(UTF_8))))
				.isInstanceOf(IOException.class);
		}
		assertThat(target).hasContent("old");
		assertThat(filesIn(dir)).containsExactly("state.properties");
	}

	@Test
	void theTempFilesOfAnInterruptedWriteAreRecognisedAndRemoved() throws IOException {
		Files.writeString(dir.resolve(".state.properties-4711.tmp"), "decision.teapot=enab");
		Files.writeString(dir.resolve("state.properties"), "decision.teapot=disabled\n");
		Files.writeString(dir.resolve("notes.tmp"), "not hidden: not ours");

		int removed = AtomicFile.removeLeftovers(dir, p -> AtomicFile.isTempFile(p.getFileName().toString()));

		assertThat(removed).isEqualTo(1);
		assertThat(filesIn(dir)).containsExactlyInAnyOrder("state.properties", "notes.tmp");
	}

	@Test
	void syncingAFolderWorksOnThisPlatform() throws IOException {
		AtomicFile.syncDirectory(dir); // throws when the platform cannot fsync a folder and is not known for it
		assertThat(dir).isDirectory();
	}

	static List<String> filesIn(Path dir) throws IOException {
		try (Stream<Path> files = Files.list(dir)) {
			return files.map(p -> p.getFileName().toString()).sorted().toList();
		}
	}
}
