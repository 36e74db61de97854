package io.pluginkit.runtime.internal.state;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileStateStoreTest {

	@TempDir
	Path data;
	final List<String> warnings = new ArrayList<>();
	private DataFolder folder;

	/** A store as PluginKit opens it at start; the one opened before is closed, as by a restart. */
	FileStateStore open() throws IOException {
		close();
		folder = DataFolderGate.open(data, data.resolve("plugins"), warnings::add);
		return new FileStateStore(folder);
	}

	@AfterEach
	void close() {
		if (folder != null) {
			folder.close();
			folder = null;
		}
	}

	@Test
	void aPluginNobodyDecidedAboutHasNoDecision() throws IOException {
		assertThat(open().decisions()).isEmpty();
	}

	@Test
	void aDecisionIsWrittenToStatePropertiesInTheDataFolder() throws IOException {
		open().recordDecision("teapot", false);

		assertThat(Files.readString(data.resolve("state.properties"), UTF_8)).contains("decision.teapot=disabled");
	}

	@Test
	void decisionsSurviveARestart() throws IOException {
		FileStateStore before = open();
		before.recordDecision("teapot", false);
		before.recordDecision("helloworld", true);

		assertThat(open().decisions()).isEqualTo(Map.of("teapot", false, "helloworld", true));
	}

	@Test
	void theLatestDecisionWins() throws IOException {
		FileStateStore store = open();
		store.recordDecision("teapot", false);
		store.recordDecision("teapot", true);

		assertThat(open().decisions()).containsEntry("teapot", true);
	}

	@Test
	void recordingTheSameDecisionAgainWritesNothing() throws IOException {
		FileStateStore store = open();
		store.recordDecision("teapot", false);
		long saves = folder.saves();

		store.recordDecision("teapot", false);

		assertThat(folder.saves()).isEqualTo(saves);
		assertThat(store.decisions()).containsEntry("teapot", false);
	}

	@Test
	void aForgottenDecisionStaysForgottenAfterARestart() throws IOException {
		FileStateStore store = open();
		store.recordDecision("teapot", false);
		store.recordDecision("helloworld", false);

		store.forgetDecision("teapot");

		assertThat(open().decisions()).isEqualTo(Map.of("helloworld", false));
	}

	@Test
	void forgettingAnUnknownDecisionWritesNothing() throws IOException {
		FileStateStore store = open();

		store.forgetDecision("never-decided");

		assertThat(folder.saves()).isZero();
		assertThat(data.resolve("state.properties")).doesNotExist();
	}

	@Test
	void aSnapshotOfTheDecisionsNeverChangesUnderItsReader() throws IOException {
		FileStateStore store = open();
		store.recordDecision("teapot", false);
		Map<String, Boolean> before = store.decisions();

		store.recordDecision("helloworld", true);

		assertThat(before).isEqualTo(Map.of("teapot", false));
		assertThatThrownBy(() -> before.put("x", true)).isInstanceOf(UnsupportedOperationException.class);
	}

	@Test
	void readsDoNotWaitBehindAWrite() throws Exception {
		FileStateStore store = open();
		store.recordDecision("teapot", false);
		Object writing = writeLockOf(store);
		synchronized (writing) { // a write in progress
			CompletableFuture<Map<String, Boolean>> read = CompletableFuture.supplyAsync(store::decisions);
			assertThat(read.get(10, TimeUnit.SECONDS)).containsEntry("teapot", false);
		}
	}

	@Test
	void decisionsFromManyThreadsAreAllRecorded() throws Exception {
		FileStateStore store = open();
		ExecutorService pool = Executors.newFixedThreadPool(8);
		try {
			List<Future<?>> done = new ArrayList<>();
			for (int t = 0; t < 8; t++) {
				int thread = t;
				done.add(pool.submit(() -> {
					for (int i = 0; i < 25; i++) {
						store.recordDecision("p" + thread + "-" + i, i % 2 == 0);
					}
					return null;
				}));
			}
			for (Future<?> f : done) {
				f.get(60, TimeUnit.SECONDS);
			}
		} finally {
			pool.shutdownNow();
		}
		assertThat(store.decisions()).hasSize(200);
		assertThat(open().decisions()).hasSize(200).containsEntry("p7-24", true).containsEntry("p0-1", false);
	}

	@Test
	void aDecisionThatCouldNotBeSavedChangesNothingAndSaysWhatWhereAndWhy() throws IOException {
		FileStateStore store = open();
		// make the rename onto state.properties fail
		Path blocker = Files.createDirectory(data.resolve("state.properties"));
		Files.writeString(blocker.resolve("occupied"), "");

		assertThatThrownBy(() -> store.recordDecision("teapot", false)).isInstanceOf(IOException.class)
			.hasMessageStartingWith("cannot save the decision 'disabled' for plugin 'teapot' to "
				+ data.resolve("state.properties") + ": ");
		assertThat(store.decisions()).isEmpty();
		assertThat(store.writable()).isFalse();
		assertThat(AtomicFileTest.filesIn(data)).containsExactlyInAnyOrder(".lock", "bundles", "state.properties");

		Files.delete(blocker.resolve("occupied"));
		Files.delete(blocker);
		store.recordDecision("teapot", false);
		assertThat(store.writable()).as("the retry worked").isTrue();
		assertThat(open().decisions()).containsEntry("teapot", false);
	}

	@Test
	void aReadOnlyDataFolderStillGivesItsDecisionsAndRefusesNewOnes() throws IOException {
		Files.writeString(data.resolve("state.properties"), "decision.teapot=disabled\n");
		Files.createDirectories(data.resolve("bundles"));
		try (ReadOnlyFolder readOnly = ReadOnlyFolder.of(data)) {
			FileStateStore store = open();

			assertThat(store.decisions()).isEqualTo(Map.of("teapot", false));
			assertThat(store.writable()).isFalse();
			assertThat(warnings).hasSize(1);
			assertThatThrownBy(() -> store.recordDecision("teapot", true)).isInstanceOf(IOException.class)
				.hasMessageContaining("cannot save the decision 'enabled' for plugin 'teapot' to " + data.resolve("state.properties"));
			assertThat(store.decisions()).isEqualTo(Map.of("teapot", false));
			close();
		}
		assertThat(data.resolve("state.properties")).hasContent("decision.teapot=disabled");
	}

	@Test
	void entriesThisVersionDoesNotKnowAreKeptWhenTheFileIsRewritten() throws IOException {
		Files.writeString(data.resolve("state.properties"), "cluster.node=alpha\ndecision.teapot=enabled\n");

		open().recordDecision("helloworld", false);

		assertThat(Files.readString(data.resolve("state.properties"))).contains("cluster.node=alpha")
			.contains("decision.teapot=enabled")
			.contains("decision.helloworld=disabled");
	}

	@Test
	void itDescribesWhereItKeepsTheDecisions() throws IOException {
		assertThat(open().describe()).isEqualTo("file " + data.resolve("state.properties"));
	}

	private static Object writeLockOf(FileStateStore store) throws ReflectiveOperationException {
		java.lang.reflect.Field f = FileStateStore.class.getDeclaredField("writing");
		f.setAccessible(true);
		return f.get(store);
	}
}
