package io.pluginkit.runtime.internal.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataFolderTest {

	@TempDir
	Path temp;
	final List<String> warnings = new ArrayList<>();

	@Test
	void aMissingFolderIsCreatedWithItsBundlesFolder() throws IOException {
		Path data = temp.resolve("not/yet/there");

		try (DataFolder folder = DataFolder.open(data, warnings::add)) {
			assertThat(folder.writable()).isTrue();
			assertThat(data.resolve("bundles")).isDirectory();
			assertThat(warnings).isEmpty();
		}
	}

	@Test
	void aSecondOpenOfAFolderInUseIsRefusedNamingTheHolder() throws IOException {
		Path data = temp.resolve("data");
		try (DataFolder first = DataFolder.open(data, warnings::add)) {
			assertThatThrownBy(() -> DataFolder.open(data, warnings::add))
				.isInstanceOf(DataFolderLock.InUseException.class)
				.hasMessageStartingWith("the data folder " + data + " is in use by another PluginKit (pid "
					+ ProcessHandle.current().pid() + ", since ")
				.hasMessageEndingWith("); stop it or choose another -Dpluginkit.data.dir");
		}
		try (DataFolder again = DataFolder.open(data, warnings::add)) {
			assertThat(again.locked()).as("closing released the lock").isTrue();
		}
	}

	@Test
	void theLockFileNamesItsHolder() throws IOException {
		Path data = temp.resolve("data");
		try (DataFolder folder = DataFolder.open(data, warnings::add)) {
			assertThat(DataFolderLock.holder(data.resolve(".lock")))
				.matches("pid " + ProcessHandle.current().pid() + ", since \\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d.*");
		}
	}

	@Test
	void aFolderHeldByAnotherProcessIsRefusedUntilThatProcessEnds() throws Exception {
		Path data = temp.resolve("data");
		Process other = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
			System.getProperty("java.class.path"), LockHolder.class.getName(), data.toString())
			.redirectErrorStream(true).start();
		try {
			BufferedReader out = new BufferedReader(new InputStreamReader(other.getInputStream(), StandardCharsets.UTF_8));
			assertThat(out.readLine()).isEqualTo("holding " + other.pid());

			assertThatThrownBy(() -> DataFolder.open(data, warnings::add))
				.hasMessageContaining("is in use by another PluginKit (pid " + other.pid() + ", since ");
		} finally {
			other.destroyForcibly(); // as kill -9: the OS releases the lock
			other.waitFor(30, TimeUnit.SECONDS);
		}
		try (DataFolder mine = DataFolder.open(data, warnings::add)) {
			assertThat(mine.locked()).isTrue();
			assertThat(DataFolderLock.holder(data.resolve(".lock"))).startsWith("pid " + ProcessHandle.current().pid());
		}
	}

	@Test
	void theLeftoversOfACrashAreRemovedAndNothingElse() throws IOException {
		Path data = Files.createDirectories(temp.resolve("data/bundles")).getParent();
		for (String leftover : List.of(".state-4711.tmp", ".state.properties-12.tmp", ".bundles.properties-3.tmp",
			".probe-9.tmp", "bundles/.incoming-4711.jar", "bundles/.0a1b.jar-5.tmp")) {
			Files.writeString(data.resolve(leftover), "half written");
		}
		for (String kept : List.of("state.properties", "admin.token", "bundles/0a1b.jar", ".http.port-1.tmp")) {
			Files.writeString(data.resolve(kept), "kept");
		}

		try (DataFolder folder = DataFolder.open(data, warnings::add)) {
			assertThat(AtomicFileTest.filesIn(data)).containsExactly(".http.port-1.tmp", ".lock", "admin.token", "bundles",
				"state.properties");
			assertThat(AtomicFileTest.filesIn(data.resolve("bundles"))).containsExactly("0a1b.jar");
		}
	}

	@Test
	void aFolderThatCannotBeWrittenOpensSaysSoOnceAndRefusesSaves() throws IOException {
		Path data = Files.createDirectories(temp.resolve("data/bundles")).getParent();
		Files.writeString(data.resolve("state.properties"), "decision.teapot=disabled\n");
		try (ReadOnlyFolder readOnly = ReadOnlyFolder.of(data); DataFolder folder = DataFolder.open(data, warnings::add)) {
			assertThat(folder.writable()).isFalse();
			assertThat(warnings).singleElement().asString()
				.startsWith("the data folder " + data + " cannot be written (")
				.contains("will not be saved", "PluginKit runs with the state it could read");

			Path file = data.resolve("state.properties");
			assertThatThrownBy(() -> folder.save("the decision for 'teapot'", file,
				() -> PropertiesFile.write(file, java.util.Map.of(), "x")))
				.isInstanceOf(IOException.class)
				.hasMessageStartingWith("cannot save the decision for 'teapot' to " + file + ": ");
			assertThat(warnings).as("said once").hasSize(1);
		}
	}

	@Test
	void aFolderThatCannotBeCreatedOpensEmptyAndNotWritable() throws IOException {
		Path blocker = Files.writeString(temp.resolve("a-file"), "not a folder");

		try (DataFolder folder = DataFolder.open(blocker.resolve("data"), warnings::add)) {
			assertThat(folder.writable()).isFalse();
			assertThat(folder.locked()).isFalse();
			assertThat(warnings).singleElement().asString().contains(blocker.resolve("data") + " cannot be written");
		}
	}

	@Test
	void aWriteThatSucceedsAgainMakesTheFolderWritableAgain() throws IOException {
		try (DataFolder folder = DataFolder.open(temp.resolve("data"), warnings::add)) {
			assertThatThrownBy(() -> folder.save("x", temp, () -> {
				throw new IOException("No space left on device");
			})).hasMessage("cannot save x to " + temp + ": No space left on device");
			assertThat(folder.writable()).isFalse();

			folder.save("x", temp, () -> {
			});

			assertThat(folder.writable()).isTrue();
		}
	}
}
