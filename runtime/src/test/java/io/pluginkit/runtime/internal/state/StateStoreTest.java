package io.pluginkit.runtime.internal.state;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.pluginkit.runtime.internal.state.StateStore.StoredBundle;

class StateStoreTest {

	@TempDir
	Path data;

	@Test
	void aPluginNobodyDecidedAboutHasNoDecision() {
		StateStore store = new StateStore(data);

		assertThat(store.decision("teapot")).isEmpty();
	}

	@Test
	void aDecisionIsWrittenToStatePropertiesInTheDataFolder() throws IOException {
		StateStore store = new StateStore(data);

		assertThat(store.recordDecision("teapot", false)).isTrue();

		assertThat(Files.readString(data.resolve("state.properties"), UTF_8)).contains("decision.teapot=disabled");
	}

	@Test
	void decisionsSurviveANewStoreOnTheSameFolder() {
		StateStore before = new StateStore(data);
		before.recordDecision("teapot", false);
		before.recordDecision("helloworld", true);

		StateStore after = new StateStore(data);

		assertThat(after.decision("teapot")).contains(false);
		assertThat(after.decision("helloworld")).contains(true);
		assertThat(after.decision("showcase")).isEmpty();
	}

	@Test
	void theLatestDecisionWins() {
		StateStore store = new StateStore(data);
		store.recordDecision("teapot", false);
		store.recordDecision("teapot", true);

		assertThat(new StateStore(data).decision("teapot")).contains(true);
	}

	@Test
	void recordingTheSameDecisionAgainChangesNothing() {
		StateStore store = new StateStore(data);
		store.recordDecision("teapot", false);

		assertThat(store.recordDecision("teapot", false)).isFalse();
		assertThat(store.decision("teapot")).contains(false);
	}

	@Test
	void aForgottenDecisionStaysForgottenAfterARestart() {
		StateStore store = new StateStore(data);
		store.recordDecision("teapot", false);
		store.recordDecision("helloworld", false);

		store.forgetDecision("teapot");

		StateStore after = new StateStore(data);
		assertThat(after.decision("teapot")).isEmpty();
		assertThat(after.decision("helloworld")).contains(false);
	}

	@Test
	void forgettingAnUnknownDecisionIsHarmless() {
		StateStore store = new StateStore(data);

		store.forgetDecision("never-decided");

		assertThat(store.decision("never-decided")).isEmpty();
	}

	@Test
	void aStoredBundleIsCopiedUnderBundlesAndComesBackAfterARestart() throws IOException {
		StateStore store = new StateStore(data);

		StoredBundle stored = store.storeBundle("file:/somewhere/teapot.jar", jar("teapot v1"));

		assertThat(stored.location()).isEqualTo("file:/somewhere/teapot.jar");
		assertThat(stored.jar()).startsWith(data.resolve("bundles")).hasContent("teapot v1");
		StateStore after = new StateStore(data);
		assertThat(after.isStored("file:/somewhere/teapot.jar")).isTrue();
		assertThat(after.storedBundles()).containsExactly(stored);
	}

	@Test
	void locationsWithSpacesAndNonAsciiCharactersSurviveARestart() throws IOException {
		String location = "file:/home/zoë/my plugins/teapot=1.0:final.jar";
		new StateStore(data).storeBundle(location, jar("x"));

		assertThat(new StateStore(data).storedBundles()).extracting(StoredBundle::location).containsExactly(location);
	}

	@Test
	void storedBundlesComeBackInInstallOrder() throws IOException {
		StateStore store = new StateStore(data);
		store.storeBundle("mvn:org.example/zeta/1.0", jar("z"));
		store.storeBundle("https://example.org/alpha.jar", jar("a"));
		store.storeBundle("file:/tmp/middle.jar", jar("m"));

		assertThat(new StateStore(data).storedBundles()).extracting(StoredBundle::location)
			.containsExactly("mvn:org.example/zeta/1.0", "https://example.org/alpha.jar", "file:/tmp/middle.jar");
	}

	@Test
	void folderAndStoredBundlesShareOneInstallOrderThatSurvivesARestart() throws IOException {
		StateStore store = new StateStore(data);
		store.recordInstall("file:/plugins/first.jar");
		store.storeBundle("file:/elsewhere/second.jar", jar("second"));
		store.recordInstall("file:/plugins/third.jar");
		store.recordInstall("file:/plugins/first.jar"); // updated in place: keeps its place

		StateStore after = new StateStore(data);
		assertThat(after.installSequence("file:/plugins/first.jar")).hasValue(1);
		assertThat(after.storedBundles()).extracting(StoredBundle::sequence).containsExactly(2L);
		assertThat(after.installSequence("file:/plugins/third.jar")).hasValue(3);
		assertThat(after.installSequence("file:/plugins/never.jar")).isEmpty();
	}

	@Test
	void aForgottenFolderBundleLosesItsPlaceInTheOrder() {
		StateStore store = new StateStore(data);
		store.recordInstall("file:/plugins/gone.jar");
		store.forgetBundle("file:/plugins/gone.jar");
		assertThat(new StateStore(data).installSequence("file:/plugins/gone.jar")).isEmpty();
	}

	@Test
	void storingALocationAgainReplacesItsCopyAndKeepsItsPlaceInTheOrder() throws IOException {
		StateStore store = new StateStore(data);
		store.storeBundle("file:/a.jar", jar("a v1"));
		store.storeBundle("file:/b.jar", jar("b v1"));

		store.storeBundle("file:/a.jar", jar("a v2"));

		List<StoredBundle> after = new StateStore(data).storedBundles();
		assertThat(after).extracting(StoredBundle::location).containsExactly("file:/a.jar", "file:/b.jar");
		assertThat(after.get(0).jar()).hasContent("a v2");
		assertThat(jarCopies()).hasSize(2);
	}

	@Test
	void aForgottenBundleLosesItsCopyAndDoesNotComeBack() throws IOException {
		StateStore store = new StateStore(data);
		StoredBundle kept = store.storeBundle("file:/kept.jar", jar("kept"));
		StoredBundle gone = store.storeBundle("file:/gone.jar", jar("gone"));

		store.forgetBundle("file:/gone.jar");

		assertThat(gone.jar()).doesNotExist();
		assertThat(store.isStored("file:/gone.jar")).isFalse();
		assertThat(new StateStore(data).storedBundles()).containsExactly(kept);
	}

	@Test
	void forgettingABundleThatWasNeverStoredIsHarmless() throws IOException {
		StateStore store = new StateStore(data);
		store.storeBundle("file:/kept.jar", jar("kept"));

		store.forgetBundle("file:/unknown.jar");

		assertThat(store.storedBundles()).hasSize(1);
	}

	@Test
	void noTemporaryFilesAreLeftBehind() throws IOException {
		StateStore store = new StateStore(data);
		store.recordDecision("teapot", false);
		store.storeBundle("file:/a.jar", jar("a"));
		store.storeBundle("file:/a.jar", jar("a2"));
		store.storeBundle("file:/b.jar", jar("b"));
		store.forgetBundle("file:/b.jar");
		store.forgetDecision("teapot");

		assertThat(filesIn(data)).containsExactlyInAnyOrder("state.properties", "bundles");
		assertThat(filesIn(data.resolve("bundles"))).hasSize(1).allMatch(name -> name.endsWith(".jar"));
	}

	@Test
	void aCopyThatFailsHalfWayLeavesNoTraceAndKeepsTheEarlierCopy() throws IOException {
		StateStore store = new StateStore(data);
		StoredBundle earlier = store.storeBundle("file:/a.jar", jar("a v1"));

		assertThatThrownBy(() -> store.storeBundle("file:/a.jar", failingAfter("a v2 (partial")))
			.isInstanceOf(IOException.class);

		assertThat(earlier.jar()).hasContent("a v1");
		assertThat(filesIn(data.resolve("bundles"))).containsExactly(earlier.jar().getFileName().toString());
		assertThat(new StateStore(data).storedBundles()).containsExactly(earlier);
	}

	@Test
	void aFirstCopyThatFailsIsNotStored() throws IOException {
		StateStore store = new StateStore(data);

		assertThatThrownBy(() -> store.storeBundle("file:/a.jar", failingAfter("partial")))
			.isInstanceOf(IOException.class);

		assertThat(store.isStored("file:/a.jar")).isFalse();
		assertThat(filesIn(data.resolve("bundles"))).isEmpty();
	}

	@Test
	void temporaryFilesOfAWriteInterruptedByACrashAreRemovedAtTheNextStart() throws IOException {
		new StateStore(data).recordDecision("teapot", false);
		// what kill -9 between "write the temp file" and "rename it" leaves behind
		Files.writeString(data.resolve(".state-4711.tmp"), "decision.teapot=enab");
		Files.writeString(data.resolve("bundles/.incoming-4711.jar"), "half a jar");

		StateStore after = new StateStore(data);

		assertThat(after.decision("teapot")).contains(false);
		assertThat(filesIn(data)).containsExactlyInAnyOrder("state.properties", "bundles");
		assertThat(filesIn(data.resolve("bundles"))).isEmpty();
	}

	@Test
	void theDataFolderIsCreatedWhenMissing() {
		Path missing = data.resolve("not/yet/there");

		new StateStore(missing).recordDecision("teapot", true);

		assertThat(missing.resolve("state.properties")).isRegularFile();
		assertThat(missing.resolve("bundles")).isDirectory();
	}

	@Test
	void aDecisionThatCouldNotBeWrittenIsNotTakenAsRecorded() throws IOException {
		StateStore store = new StateStore(data);
		// make the rename onto state.properties fail
		Path blocker = Files.createDirectory(data.resolve("state.properties"));
		Files.writeString(blocker.resolve("occupied"), "");

		assertThatThrownBy(() -> store.recordDecision("teapot", false)).isInstanceOf(UncheckedIOException.class)
			.hasMessageContaining("cannot write the state store")
			.hasMessageContaining(data.resolve("state.properties").toString());
		assertThat(store.decision("teapot")).isEmpty();
		assertThat(filesIn(data)).containsExactlyInAnyOrder("state.properties", "bundles");

		Files.delete(blocker.resolve("occupied"));
		Files.delete(blocker);
		assertThat(store.recordDecision("teapot", false)).as("the retry writes the decision").isTrue();
		assertThat(new StateStore(data).decision("teapot")).contains(false);
	}

	// ---------------------------------------------------------------- a damaged state file

	@Test
	void aStateFileCutInTheMiddleOfAnEscapeIsReportedAndLeftAsItIs() throws IOException {
		String damaged = "decision.helloworld=enabled\nbundle.0a1b.location=file\\:/home/zo\\u00";
		Path file = writeStateFile(damaged);

		assertThatThrownBy(() -> new StateStore(data)).hasMessageContaining(file.toString())
			.hasMessageContaining("damaged")
			.hasMessageContaining("\\uxxxx");
		assertThat(file).hasContent(damaged);
	}

	@Test
	void aStateFileCutInTheMiddleOfADecisionIsReportedInsteadOfReadAsDisabled() throws IOException {
		String damaged = "decision.helloworld=enabled\ndecision.teapot=enab";
		Path file = writeStateFile(damaged);

		assertThatThrownBy(() -> new StateStore(data)).hasMessageContaining(file.toString())
			.hasMessageContaining("decision.teapot")
			.hasMessageContaining("'enab'")
			.hasMessageContaining("enabled or disabled");
		assertThat(file).hasContent(damaged);
	}

	@Test
	void aStoredBundleWithoutItsJarIsReported() throws IOException {
		String damaged = "bundle.0a1b.seq=1\nbundle.0a1b.location=file\\:/a.jar\n";
		Path file = writeStateFile(damaged);

		assertThatThrownBy(() -> new StateStore(data)).hasMessageContaining(file.toString())
			.hasMessageContaining("bundle.0a1b.jar")
			.hasMessageContaining("file:/a.jar");
		assertThat(file).hasContent(damaged);
	}

	@Test
	void aStoredBundleWithABrokenSequenceNumberIsReported() throws IOException {
		writeStateFile("bundle.0a1b.seq=1x\nbundle.0a1b.location=file\\:/a.jar\nbundle.0a1b.jar=bundles/0a1b.jar\n");

		assertThatThrownBy(() -> new StateStore(data)).hasMessageContaining("bundle.0a1b.seq")
			.hasMessageContaining("'1x'");
	}

	@Test
	void aStoredBundleCopyOutsideTheBundlesFolderIsRefused() throws IOException {
		writeStateFile("bundle.0a1b.seq=1\nbundle.0a1b.location=file\\:/a.jar\nbundle.0a1b.jar=../../etc/passwd\n");

		assertThatThrownBy(() -> new StateStore(data)).hasMessageContaining("bundle.0a1b.jar")
			.hasMessageContaining("'../../etc/passwd'");
	}

	@Test
	void aStateFileThatIsNotTextIsReportedAndLeftAsItIs() throws IOException {
		byte[] garbage = { 'd', 'e', (byte) 0xC3, (byte) 0x28, (byte) 0xFF, 0 };
		Path file = data.resolve("state.properties");
		Files.write(file, garbage);

		assertThatThrownBy(() -> new StateStore(data)).hasMessageContaining(file.toString())
			.hasMessageContaining("UTF-8");
		assertThat(Files.readAllBytes(file)).isEqualTo(garbage);
	}

	@Test
	void entriesThisVersionDoesNotKnowAreKeptWhenTheFileIsRewritten() throws IOException {
		writeStateFile("cluster.node=alpha\ndecision.teapot=enabled\n");

		new StateStore(data).recordDecision("helloworld", false);

		assertThat(Files.readString(data.resolve("state.properties"))).contains("cluster.node=alpha")
			.contains("decision.teapot=enabled")
			.contains("decision.helloworld=disabled");
	}

	// ---------------------------------------------------------------- helpers

	private Path writeStateFile(String content) throws IOException {
		return Files.writeString(data.resolve("state.properties"), content, UTF_8);
	}

	private static InputStream jar(String content) {
		return new ByteArrayInputStream(content.getBytes(UTF_8));
	}

	/** A stream that delivers some bytes, then fails like a dropped download. */
	private static InputStream failingAfter(String content) {
		return new InputStream() {
			private final InputStream delegate = jar(content);

			@Override
			public int read() throws IOException {
				int b = delegate.read();
				if (b < 0) {
					throw new IOException("connection reset");
				}
				return b;
			}
		};
	}

	private List<String> jarCopies() throws IOException {
		return filesIn(data.resolve("bundles"));
	}

	private static List<String> filesIn(Path dir) throws IOException {
		try (Stream<Path> files = Files.list(dir)) {
			return files.map(p -> p.getFileName().toString()).toList();
		}
	}
}
