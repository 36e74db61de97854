package io.pluginkit.runtime.internal.state;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What PluginKit refuses to start on, with the one line it prints, and what it starts on anyway. */
class DataFolderGateTest {

	@TempDir
	Path data;
	final List<String> warnings = new ArrayList<>();

	private DataFolder open() throws IOException {
		return DataFolderGate.open(data, data.resolveSibling("plugins"), warnings::add);
	}

	@Test
	void aStateFileCutInTheMiddleOfAnEscapeIsReportedAndLeftAsItIs() throws IOException {
		String damaged = "decision.helloworld=enabled\nbundle.0a1b.location=file\\:/home/zo\\u00";
		Path file = writeStateFile(damaged);

		assertThatThrownBy(this::open).hasMessageContaining(file.toString())
			.hasMessageContaining("damaged")
			.hasMessageContaining("\\uxxxx");
		assertThat(file).hasContent(damaged);
	}

	@Test
	void aStateFileCutInTheMiddleOfADecisionIsReportedInsteadOfReadAsDisabled() throws IOException {
		String damaged = "decision.helloworld=enabled\ndecision.teapot=enab";
		Path file = writeStateFile(damaged);

		assertThatThrownBy(this::open).hasMessage("the state store " + file + " is damaged: decision.teapot is 'enab',"
			+ " not enabled or disabled; correct or remove that entry (or restore a backup) and start again;"
			+ " the file was left as it is");
		assertThat(file).hasContent(damaged);
	}

	@Test
	void aStoredBundleWithoutItsJarIsReported() throws IOException {
		String damaged = "bundle.0a1b.seq=1\nbundle.0a1b.location=file\\:/a.jar\n";
		Path file = writeStateFile(damaged);

		assertThatThrownBy(this::open).hasMessageContaining(file.toString())
			.hasMessageContaining("bundle.0a1b.jar")
			.hasMessageContaining("file:/a.jar");
		assertThat(file).hasContent(damaged);
	}

	@Test
	void aStoredBundleWithABrokenSequenceNumberIsReported() throws IOException {
		writeStateFile("bundle.0a1b.seq=1x\nbundle.0a1b.location=file\\:/a.jar\nbundle.0a1b.jar=bundles/0a1b.jar\n");

		assertThatThrownBy(this::open).hasMessageContaining("bundle.0a1b.seq").hasMessageContaining("'1x'");
	}

	@Test
	void aStoredBundleCopyOutsideTheBundlesFolderIsRefused() throws IOException {
		writeStateFile("bundle.0a1b.seq=1\nbundle.0a1b.location=file\\:/a.jar\nbundle.0a1b.jar=../../etc/passwd\n");

		assertThatThrownBy(this::open).hasMessageContaining("bundle.0a1b.jar").hasMessageContaining("'../../etc/passwd'");
	}

	@Test
	void aDamagedBundlesFileIsReportedAndLeftAsItIs() throws IOException {
		String damaged = "bundle.0a1b.jar=bundles/0a1b.jar\nbundle.0a1b.seq=1\n";
		Path file = Files.writeString(data.resolve("bundles.properties"), damaged);

		assertThatThrownBy(this::open).hasMessageStartingWith("the state store " + file + " is damaged: bundle.0a1b.location is missing");
		assertThat(file).hasContent(damaged);
	}

	@Test
	void aStateFileThatIsNotTextIsReportedAndLeftAsItIs() throws IOException {
		byte[] garbage = { 'd', 'e', (byte) 0xC3, (byte) 0x28, (byte) 0xFF, 0 };
		Path file = data.resolve("state.properties");
		Files.write(file, garbage);

		assertThatThrownBy(this::open).hasMessageContaining(file.toString()).hasMessageContaining("UTF-8");
		assertThat(Files.readAllBytes(file)).isEqualTo(garbage);
	}

	@Test
	void aRefusedFolderIsNotLeftLocked() throws IOException {
		Path file = writeStateFile("decision.teapot=enab");
		assertThatThrownBy(this::open).isInstanceOf(IOException.class);

		Files.writeString(file, "decision.teapot=enabled\n");

		try (DataFolder folder = open()) {
			assertThat(new FileStateStore(folder).decisions()).containsEntry("teapot", true);
		}
	}

	@Test
	void aFolderInUseIsRefusedWithTheLineToPrint() throws IOException {
		try (DataFolder first = open()) {
			assertThatThrownBy(this::open).hasMessageMatching("the data folder " + java.util.regex.Pattern.quote(data.toString())
				+ " is in use by another PluginKit \\(pid \\d+, since [-0-9T:+Z]+\\); stop it or choose another -Dpluginkit.data.dir");
		}
	}

	@Test
	void aReadOnlyFolderOpensWithWhatItHolds() throws IOException {
		writeStateFile("decision.teapot=disabled\n");
		Files.createDirectories(data.resolve("bundles"));
		try (ReadOnlyFolder readOnly = ReadOnlyFolder.of(data); DataFolder folder = open()) {
			assertThat(folder.writable()).isFalse();
			assertThat(new FileStateStore(folder).decisions()).containsEntry("teapot", false);
			assertThat(warnings).hasSize(1);
		}
	}

	private Path writeStateFile(String content) throws IOException {
		return Files.writeString(data.resolve("state.properties"), content, UTF_8);
	}
}
