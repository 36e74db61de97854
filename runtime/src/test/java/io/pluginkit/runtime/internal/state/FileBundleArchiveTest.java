package io.pluginkit.runtime.internal.state;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.pluginkit.spi.state.ArchivedBundle;

class FileBundleArchiveTest {

	@TempDir
	Path temp;
	Path data;
	Path plugins;
	final List<String> warnings = new ArrayList<>();
	private DataFolder folder;

	/** An archive as PluginKit opens it at start; the one opened before is closed, as by a restart. */
	FileBundleArchive open() throws IOException {
		close();
		data = temp.resolve("data");
		plugins = temp.resolve("plugins");
		folder = DataFolderGate.open(data, plugins, warnings::add);
		return new FileBundleArchive(folder, plugins);
	}

	@AfterEach
	void close() {
		if (folder != null) {
			folder.close();
			folder = null;
		}
	}

	@Test
	void aKeptBundleComesBackAfterARestart() throws IOException {
		open().keep("file:/somewhere/teapot.jar", jar("teapot v1"));

		FileBundleArchive after = open();

		assertThat(after.bundles()).containsExactly(new ArchivedBundle("file:/somewhere/teapot.jar", 1, true));
		assertThat(read(after.open("file:/somewhere/teapot.jar"))).isEqualTo("teapot v1");
		assertThat(AtomicFileTest.filesIn(data.resolve("bundles"))).singleElement().asString().endsWith(".jar");
	}

	@Test
	void locationsWithSpacesAndNonAsciiCharactersSurviveARestart() throws IOException {
		String location = "file:/home/zoë/my plugins/teapot=1.0:final.jar";
		open().keep(location, jar("x"));

		assertThat(open().bundles()).extracting(ArchivedBundle::location).containsExactly(location);
	}

	@Test
	void keptBundlesComeBackInInstallOrder() throws IOException {
		FileBundleArchive archive = open();
		archive.keep("mvn:org.example/zeta/1.0", jar("z"));
		archive.keep("https://example.org/alpha.jar", jar("a"));
		archive.keep("file:/tmp/middle.jar", jar("m"));

		assertThat(open().bundles()).extracting(ArchivedBundle::location)
			.containsExactly("mvn:org.example/zeta/1.0", "https://example.org/alpha.jar", "file:/tmp/middle.jar");
	}

	@Test
	void folderAndKeptBundlesShareOneInstallOrderThatSurvivesARestart() throws IOException {
		FileBundleArchive archive = open();
		archive.recordInstalls(List.of("file:/plugins/first.jar"));
		archive.keep("file:/elsewhere/second.jar", jar("second"));
		archive.recordInstalls(List.of("file:/plugins/third.jar", "file:/plugins/first.jar")); // first: updated in place

		assertThat(open().bundles()).containsExactly(new ArchivedBundle("file:/plugins/first.jar", 1, false),
			new ArchivedBundle("file:/elsewhere/second.jar", 2, true),
			new ArchivedBundle("file:/plugins/third.jar", 3, false));
	}

	@Test
	void aFolderOfAThousandJarsIsRecordedInOneWrite() throws IOException {
		FileBundleArchive archive = open();
		List<String> locations = new ArrayList<>();
		for (int i = 0; i < 1000; i++) {
			locations.add("file:/plugins/plugin-" + i + ".jar");
		}

		archive.recordInstalls(locations);

		assertThat(folder.saves()).isEqualTo(1);
		assertThat(archive.bundles()).extracting(ArchivedBundle::location).isEqualTo(locations);
		assertThat(open().bundles()).extracting(ArchivedBundle::sequence).first().isEqualTo(1L);
		assertThat(open().bundles()).hasSize(1000).last().isEqualTo(new ArchivedBundle("file:/plugins/plugin-999.jar", 1000, false));
	}

	@Test
	void recordingLocationsThatAllHaveAPlaceWritesNothing() throws IOException {
		FileBundleArchive archive = open();
		archive.recordInstalls(List.of("file:/plugins/a.jar", "file:/plugins/b.jar"));

		archive.recordInstalls(List.of("file:/plugins/b.jar", "file:/plugins/a.jar"));
		archive.recordInstalls(List.of());

		assertThat(folder.saves()).isEqualTo(1);
	}

	@Test
	void aForgottenFolderBundleLosesItsPlaceInTheOrder() throws IOException {
		FileBundleArchive archive = open();
		archive.recordInstalls(List.of("file:/plugins/gone.jar", "file:/plugins/stays.jar"));

		archive.forget("file:/plugins/gone.jar");

		assertThat(open().bundles()).extracting(ArchivedBundle::location).containsExactly("file:/plugins/stays.jar");
	}

	@Test
	void keepingALocationAgainReplacesItsCopyAndKeepsItsPlaceInTheOrder() throws IOException {
		FileBundleArchive archive = open();
		archive.keep("file:/a.jar", jar("a v1"));
		archive.keep("file:/b.jar", jar("b v1"));

		archive.keep("file:/a.jar", jar("a v2"));
		archive.keep("file:/a.jar", jar("a v3"));

		FileBundleArchive after = open();
		assertThat(after.bundles()).extracting(ArchivedBundle::location).containsExactly("file:/a.jar", "file:/b.jar");
		assertThat(read(after.open("file:/a.jar"))).isEqualTo("a v3");
		assertThat(AtomicFileTest.filesIn(data.resolve("bundles"))).as("the earlier copies are gone").hasSize(2);
	}

	@Test
	void aForgottenBundleLosesItsCopyAndDoesNotComeBack() throws IOException {
		FileBundleArchive archive = open();
		archive.keep("file:/kept.jar", jar("kept"));
		archive.keep("file:/gone.jar", jar("gone"));

		archive.forget("file:/gone.jar");

		assertThatThrownBy(() -> archive.open("file:/gone.jar")).isInstanceOf(NoSuchFileException.class);
		assertThat(open().bundles()).containsExactly(new ArchivedBundle("file:/kept.jar", 1, true));
		assertThat(AtomicFileTest.filesIn(data.resolve("bundles"))).hasSize(1);
	}

	@Test
	void forgettingABundleThatWasNeverKeptWritesNothing() throws IOException {
		FileBundleArchive archive = open();
		archive.keep("file:/kept.jar", jar("kept"));
		long saves = folder.saves();

		archive.forget("file:/unknown.jar");

		assertThat(folder.saves()).isEqualTo(saves);
		assertThat(archive.bundles()).hasSize(1);
	}

	@Test
	void noTemporaryFilesAreLeftBehind() throws IOException {
		FileBundleArchive archive = open();
		archive.keep("file:/a.jar", jar("a"));
		archive.keep("file:/a.jar", jar("a2"));
		archive.keep("file:/b.jar", jar("b"));
		archive.forget("file:/b.jar");
		archive.recordInstalls(List.of("file:/plugins/c.jar"));

		assertThat(AtomicFileTest.filesIn(data)).containsExactly(".lock", "bundles", "bundles.properties");
		assertThat(AtomicFileTest.filesIn(data.resolve("bundles"))).singleElement().asString().endsWith(".jar");
	}

	@Test
	void aCopyThatFailsHalfWayKeepsTheEarlierCopyAndSaysTheSourceFailed() throws IOException {
		FileBundleArchive archive = open();
		archive.keep("file:/a.jar", jar("a v1"));
		List<String> before = AtomicFileTest.filesIn(data.resolve("bundles"));

		assertThatThrownBy(() -> archive.keep("file:/a.jar", failingAfter("a v2 (partial")))
			.isInstanceOf(IOException.class)
			.hasMessage("cannot save a copy of file:/a.jar: reading it failed: connection reset");

		assertThat(folder.writable()).as("the data folder did not fail").isTrue();
		assertThat(read(archive.open("file:/a.jar"))).isEqualTo("a v1");
		assertThat(AtomicFileTest.filesIn(data.resolve("bundles"))).isEqualTo(before);
		assertThat(read(open().open("file:/a.jar"))).isEqualTo("a v1");
	}

	@Test
	void aSlowDownloadDoesNotHoldUpOtherWrites() throws Exception {
		FileBundleArchive archive = open();
		java.util.concurrent.CountDownLatch reading = new java.util.concurrent.CountDownLatch(1);
		java.util.concurrent.CountDownLatch arrived = new java.util.concurrent.CountDownLatch(1);
		InputStream slow = new InputStream() {
			@Override
			public int read() throws IOException {
				reading.countDown();
				try {
					arrived.await();
				} catch (InterruptedException e) {
					throw new java.io.InterruptedIOException();
				}
				return -1;
			}
		};
		java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newSingleThreadExecutor();
		try {
			java.util.concurrent.Future<?> keeping = pool.submit(() -> {
				archive.keep("https://slow.example.org/x.jar", slow);
				return null;
			});
			assertThat(reading.await(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();

			java.util.concurrent.CompletableFuture.runAsync(() -> {
				try {
					archive.recordInstalls(List.of("file:/plugins/a.jar"));
				} catch (IOException e) {
					throw new java.io.UncheckedIOException(e);
				}
			}).get(10, java.util.concurrent.TimeUnit.SECONDS);

			arrived.countDown();
			keeping.get(10, java.util.concurrent.TimeUnit.SECONDS);
		} finally {
			arrived.countDown();
			pool.shutdownNow();
		}
		assertThat(open().bundles()).containsExactly(new ArchivedBundle("file:/plugins/a.jar", 1, false),
			new ArchivedBundle("https://slow.example.org/x.jar", 2, true));
	}

	@Test
	void aFirstCopyThatFailsIsNotKept() throws IOException {
		FileBundleArchive archive = open();

		assertThatThrownBy(() -> archive.keep("file:/a.jar", failingAfter("partial"))).isInstanceOf(IOException.class);

		assertThat(archive.bundles()).isEmpty();
		assertThat(AtomicFileTest.filesIn(data.resolve("bundles"))).isEmpty();
	}

	@Test
	void aCopyWhoseIndexCannotBeSavedIsRemovedAndTheEarlierOneStays() throws IOException {
		FileBundleArchive archive = open();
		archive.keep("file:/a.jar", jar("a v1"));
		List<String> before = AtomicFileTest.filesIn(data.resolve("bundles"));
		Files.delete(data.resolve("bundles.properties"));
		Files.writeString(Files.createDirectory(data.resolve("bundles.properties")).resolve("occupied"), "");

		assertThatThrownBy(() -> archive.keep("file:/a.jar", jar("a v2"))).isInstanceOf(IOException.class)
			.hasMessageStartingWith("cannot save the kept copy of file:/a.jar to " + data.resolve("bundles.properties"));

		assertThat(AtomicFileTest.filesIn(data.resolve("bundles"))).isEqualTo(before);
		assertThat(read(archive.open("file:/a.jar"))).isEqualTo("a v1");
	}

	@Test
	void theLeftoversOfACrashAreRemovedAtTheNextStart() throws IOException {
		open().keep("file:/a.jar", jar("a"));
		// what kill -9 leaves: a temp copy, and a complete copy the index never got to name
		Files.writeString(data.resolve("bundles/.0123456789abcdef01234567.jar-4711.tmp"), "half a jar");
		Files.writeString(data.resolve("bundles/0123456789abcdef01234567.jar"), "never indexed");

		FileBundleArchive after = open();

		assertThat(AtomicFileTest.filesIn(data.resolve("bundles"))).hasSize(1);
		assertThat(read(after.open("file:/a.jar"))).isEqualTo("a");
	}

	@Test
	void aKeptCopyThatWentMissingIsReportedByName() throws IOException {
		FileBundleArchive archive = open();
		archive.keep("file:/a.jar", jar("a"));
		Path copy = onlyCopy();
		Files.delete(copy);

		assertThatThrownBy(() -> open().open("file:/a.jar")).isInstanceOf(NoSuchFileException.class)
			.hasMessageContaining(copy.toString())
			.hasMessageContaining("the kept copy of file:/a.jar is missing; install the plugin again");
	}

	@Test
	void aKeptCopyThatChangedIsReportedAsCorrupt() throws IOException {
		open().keep("file:/a.jar", jar("the real jar"));
		Path copy = onlyCopy();
		Files.writeString(copy, "the real jaR");

		assertThatThrownBy(() -> open().open("file:/a.jar")).isInstanceOf(IOException.class)
			.hasMessage("the kept copy " + copy + " of file:/a.jar is corrupt: its content changed since it was kept"
				+ " (its SHA-256 differs); install the plugin again");
	}

	@Test
	void aLocationWithoutACopyHasNothingToOpen() throws IOException {
		FileBundleArchive archive = open();
		archive.recordInstalls(List.of("file:/plugins/a.jar"));

		assertThatThrownBy(() -> archive.open("file:/plugins/a.jar")).isInstanceOf(NoSuchFileException.class)
			.hasMessageContaining("no copy of it is kept");
		assertThatThrownBy(() -> archive.open("file:/never.jar")).isInstanceOf(NoSuchFileException.class);
	}

	@Test
	void aReadOnlyDataFolderStillListsAndOpensItsBundlesAndRefusesChanges() throws IOException {
		FileBundleArchive archive = open();
		archive.keep("file:/a.jar", jar("a"));
		archive.recordInstalls(List.of("file:/plugins/b.jar"));
		close();
		try (ReadOnlyFolder readOnly = ReadOnlyFolder.of(data); ReadOnlyFolder bundles = ReadOnlyFolder.of(data.resolve("bundles"))) {
			FileBundleArchive after = open();

			assertThat(folder.writable()).isFalse();
			assertThat(after.bundles()).hasSize(2);
			assertThat(read(after.open("file:/a.jar"))).isEqualTo("a");
			assertThatThrownBy(() -> after.keep("file:/c.jar", jar("c"))).isInstanceOf(IOException.class)
				.hasMessageStartingWith("cannot save a copy of file:/c.jar to " + data.resolve("bundles") + ": ");
			assertThatThrownBy(() -> after.recordInstalls(List.of("file:/plugins/d.jar"))).isInstanceOf(IOException.class)
				.hasMessageStartingWith("cannot save the place in the install order of file:/plugins/d.jar to "
					+ data.resolve("bundles.properties") + ": ");
			assertThat(after.bundles()).hasSize(2);
			close();
		}
	}

	// ---------------------------------------------------------------- data folders of earlier versions

	@Test
	void aDataFolderOfTheEarlierVersionLoadsUnchanged() throws IOException {
		Path folderJar = Files.createDirectories(temp.resolve("plugins")).resolve("helloworld.jar");
		Files.write(folderJar, zip("helloworld"));
		String folderLocation = folderJar.toUri().toString();
		writeEarlierVersion(folderLocation);

		FileBundleArchive archive = open();
		FileStateStore store = new FileStateStore(folder);

		assertThat(archive.bundles()).containsExactly(new ArchivedBundle(folderLocation, 1, false),
			new ArchivedBundle("file:/home/zoë/visitor.jar", 2, true), new ArchivedBundle("mvn:org.example/guest/1.0", 3, true));
		assertThat(read(archive.open("file:/home/zoë/visitor.jar"))).startsWith("PK");
		assertThat(store.decisions()).isEqualTo(Map.of("helloworld", false, "visitor", true));
	}

	@Test
	void theFirstWritesMoveTheEarlierEntriesToBundlesPropertiesAndNothingIsLost() throws IOException {
		Path folderJar = Files.createDirectories(temp.resolve("plugins")).resolve("helloworld.jar");
		Files.write(folderJar, zip("helloworld"));
		String folderLocation = folderJar.toUri().toString();
		writeEarlierVersion(folderLocation);

		open().recordInstalls(List.of("file:/plugins/later.jar"));
		new FileStateStore(folder).recordDecision("later", false);

		assertThat(Files.readString(data.resolve("state.properties"))).doesNotContain("bundle.");
		FileBundleArchive after = open();
		assertThat(after.bundles()).extracting(ArchivedBundle::location).containsExactly(folderLocation,
			"file:/home/zoë/visitor.jar", "mvn:org.example/guest/1.0", "file:/plugins/later.jar");
		assertThat(read(after.open("mvn:org.example/guest/1.0"))).startsWith("PK");
		assertThat(new FileStateStore(folder).decisions()).isEqualTo(Map.of("helloworld", false, "visitor", true, "later", false));
	}

	@Test
	void anEarlierFolderEntryWhoseJarIsAwayTakesItsPlaceBackWhenTheJarReturns() throws IOException {
		writeEarlierVersion("file:/plugins/away.jar");

		FileBundleArchive archive = open();
		assertThat(archive.bundles()).extracting(ArchivedBundle::location).doesNotContain("file:/plugins/away.jar");
		archive.recordInstalls(List.of("file:/plugins/new.jar", "file:/plugins/away.jar"));

		assertThat(open().bundles()).extracting(ArchivedBundle::location).containsExactly("file:/plugins/away.jar",
			"file:/home/zoë/visitor.jar", "mvn:org.example/guest/1.0", "file:/plugins/new.jar");
	}

	@Test
	void anEarlierKeptCopyThatIsNotACompleteJarIsReportedAsCorrupt() throws IOException {
		writeEarlierVersion("file:/plugins/x.jar");
		byte[] whole = Files.readAllBytes(data.resolve("bundles/visitor.jar"));
		Files.write(data.resolve("bundles/visitor.jar"), java.util.Arrays.copyOf(whole, whole.length / 2));

		assertThatThrownBy(() -> open().open("file:/home/zoë/visitor.jar")).isInstanceOf(IOException.class)
			.hasMessageContaining(data.resolve("bundles/visitor.jar") + " of file:/home/zoë/visitor.jar is corrupt: not a complete jar");
	}

	/**
	 * {@code state.properties} as the earlier version wrote it (Properties.store: ISO-8859-1 with
	 * escapes, a date comment, hash order): decisions, a folder jar with its place only, and two
	 * kept bundles.
	 */
	private void writeEarlierVersion(String folderLocation) throws IOException {
		data = Files.createDirectories(temp.resolve("data/bundles")).getParent();
		java.util.Properties p = new java.util.Properties();
		p.setProperty("decision.helloworld", "disabled");
		p.setProperty("decision.visitor", "enabled");
		p.setProperty(FileBundleArchive.id(folderLocation) + ".seq", "1");
		keptEarlier(p, "file:/home/zoë/visitor.jar", "visitor.jar", 2);
		keptEarlier(p, "mvn:org.example/guest/1.0", "guest.jar", 3);
		try (var out = Files.newOutputStream(data.resolve("state.properties"))) {
			p.store(out, "PluginKit state: admin decisions and plugins installed outside the hot-deploy folder");
		}
	}

	private void keptEarlier(java.util.Properties p, String location, String file, int seq) throws IOException {
		String id = FileBundleArchive.id(location);
		p.setProperty(id + ".location", location);
		p.setProperty(id + ".jar", "bundles/" + file);
		p.setProperty(id + ".seq", Integer.toString(seq));
		Files.write(data.resolve("bundles").resolve(file), zip(file));
	}

	// ---------------------------------------------------------------- helpers

	private Path onlyCopy() throws IOException {
		List<String> copies = AtomicFileTest.filesIn(data.resolve("bundles"));
		assertThat(copies).hasSize(1);
		return data.resolve("bundles").resolve(copies.get(0));
	}

	private static InputStream jar(String content) {
		return new ByteArrayInputStream(content.getBytes(UTF_8));
	}

	private static String read(InputStream in) throws IOException {
		try (in) {
			return new String(in.readAllBytes(), UTF_8);
		}
	}

	private static byte[] zip(String name) throws IOException {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
			zip.putNextEntry(new ZipEntry("META-INF/MANIFEST.MF"));
			zip.write(("Manifest-Version: 1.0\nBundle-SymbolicName: " + name.replace(".jar", "") + "\n\n").getBytes(UTF_8));
			zip.closeEntry();
		}
		return bytes.toByteArray();
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
}
