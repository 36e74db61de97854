package io.pluginkit.runtime.internal.registry;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import com.sun.net.httpserver.HttpServer;

import io.pluginkit.runtime.internal.registry.PluginException.Kind;
import io.pluginkit.runtime.internal.registry.PluginSource.JarHeaders;

class PluginSourceTest {

	@TempDir
	Path dir;

	private HttpServer server;
	private String mavenRepoBefore;
	private final Map<String, String> propertiesBefore = new HashMap<>();
	private final CountDownLatch release = new CountDownLatch(1);

	@AfterEach
	void stopServerAndRestoreSettings() {
		release.countDown();
		if (server != null) {
			server.stop(0);
		}
		propertiesBefore.forEach((k, v) -> {
			if (v == null) {
				System.clearProperty(k);
			} else {
				System.setProperty(k, v);
			}
		});
		if (mavenRepoBefore == null) {
			System.clearProperty("pluginkit.maven.repo");
		} else {
			System.setProperty("pluginkit.maven.repo", mavenRepoBefore);
		}
	}

	// ---------------------------------------------------------------- location

	@Test
	void aPathBecomesTheAbsoluteFileUriOfTheJar() throws Exception {
		Path jar = Files.write(dir.resolve("teapot.jar"), bundle("x", null));
		Files.createDirectory(dir.resolve("sub"));

		assertThat(PluginSource.location(jar.toString())).isEqualTo(jar.toUri().toString());
		assertThat(PluginSource.location("  " + dir.resolve("sub/../teapot.jar") + "\n"))
			.isEqualTo(jar.toUri().toString());
	}

	@Test
	void aRelativePathIsResolvedAgainstTheWorkingDirectory() throws Exception {
		Path jar = Files.write(dir.resolve("teapot.jar"), bundle("x", null));
		Path relative = Paths.get("").toAbsolutePath().relativize(jar);

		assertThat(PluginSource.location(relative.toString())).isEqualTo(jar.toUri().toString());
	}

	@Test
	void aMissingFileIsReportedWithItsAbsolutePath() {
		Path missing = dir.resolve("missing.jar");

		assertThatThrownBy(() -> PluginSource.location(missing.toString())).isInstanceOf(PluginException.class)
			.hasMessage("no such file: " + missing)
			.extracting(e -> ((PluginException) e).kind())
			.isEqualTo(Kind.BAD_INPUT);
	}

	@Test
	void aFolderIsNotAPluginJar() {
		assertThatThrownBy(() -> PluginSource.location(dir.toString())).hasMessage("no such file: " + dir);
	}

	@Test
	void nothingTypedAsksForAPathOrAUrl() {
		assertThatThrownBy(() -> PluginSource.location("   ")).isInstanceOf(PluginException.class)
			.hasMessageContaining("pass a path or a URL");
	}

	@Test
	void upperCaseSchemesAreUrlsNotFilePaths() throws Exception {
		assertThat(PluginSource.location("HTTP://example.org/Teapot.jar")).isEqualTo("http://example.org/Teapot.jar");
		assertThat(PluginSource.location("Https://example.org/teapot.jar")).isEqualTo("https://example.org/teapot.jar");
		assertThat(PluginSource.location("MVN:org.example/teapot/1.0.0")).isEqualTo("mvn:org.example/teapot/1.0.0");
		assertThat(PluginSource.location("FILE:/opt/plugins/teapot.jar")).isEqualTo("file:/opt/plugins/teapot.jar");
	}

	@Test
	void urlsAreKeptAsTyped() throws Exception {
		for (String url : new String[] { "file:/opt/plugins/teapot.jar", "http://example.org/teapot.jar",
			"https://example.org/teapot.jar", "mvn:org.example/teapot/1.0.0" }) {
			assertThat(PluginSource.location(" " + url + " ")).isEqualTo(url);
		}
	}

	// ---------------------------------------------------------------- open

	@Test
	void aFileUrlIsRead() throws Exception {
		Path jar = Files.write(dir.resolve("teapot.jar"), "jar bytes".getBytes(UTF_8));

		try (InputStream in = PluginSource.open(jar.toUri().toString())) {
			assertThat(in).hasContent("jar bytes");
		}
	}

	@Test
	void anHttpUrlIsDownloaded() throws Exception {
		byte[] jar = bundle("io.example.teapot", "teapot");
		String url = serve("/plugins/teapot.jar", 200, jar);

		try (InputStream in = PluginSource.open(url)) {
			assertThat(in.readAllBytes()).isEqualTo(jar);
		}
	}

	@Test
	void anUpperCaseHttpUrlIsDownloaded() throws Exception {
		byte[] jar = bundle("io.example.teapot", "teapot");
		String url = serve("/plugins/teapot.jar", 200, jar).replace("http:", "HTTP:");

		try (InputStream in = PluginSource.open(url)) {
			assertThat(in.readAllBytes()).isEqualTo(jar);
		}
	}

	@Test
	void aRedirectIsFollowed() throws Exception {
		byte[] jar = bundle("io.example.teapot", "teapot");
		String url = serve("/plugins/teapot.jar", 200, jar);
		server.createContext("/latest.jar", exchange -> {
			exchange.getResponseHeaders().add("Location", url);
			exchange.sendResponseHeaders(302, -1);
			exchange.close();
		});

		try (InputStream in = PluginSource.open(url.replace("/plugins/teapot.jar", "/latest.jar"))) {
			assertThat(in.readAllBytes()).isEqualTo(jar);
		}
	}

	@Test
	@Timeout(60)
	void aRedirectFromHttpToHttpsIsFollowed() throws Exception {
		setProperty(PluginSource.INSTALL_TIMEOUT_SECONDS, "2"); // the handshake with a plain socket never ends
		// where the redirect points, something that records the first byte it gets: a TLS handshake starts with 0x16
		try (ServerSocket tls = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			tls.setSoTimeout(30_000);
			CompletableFuture<Integer> firstByte = CompletableFuture.supplyAsync(() -> {
				try (Socket s = tls.accept()) {
					return s.getInputStream().read();
				} catch (IOException e) {
					return -2;
				}
			});
			String secure = "https://127.0.0.1:" + tls.getLocalPort() + "/teapot.jar";
			String url = serve("/teapot.jar", 200, new byte[0]);
			server.createContext("/moved.jar", exchange -> {
				exchange.getResponseHeaders().add("Location", secure);
				exchange.sendResponseHeaders(301, -1);
				exchange.close();
			});

			assertThatThrownBy(() -> PluginSource.open(url.replace("/teapot.jar", "/moved.jar")).close())
				.isInstanceOf(PluginException.class);
			assertThat(firstByte.get(30, TimeUnit.SECONDS)).as("a TLS handshake reached the https address").isEqualTo(0x16);
		}
	}

	@Test
	void aDownloadLargerThanTheLimitIsRefusedFromItsLength() throws Exception {
		setProperty(PluginSource.INSTALL_MAX_BYTES, "1000");
		String url = serve("/big.jar", 200, new byte[5000]);

		assertThatThrownBy(() -> PluginSource.open(url).close()).isInstanceOf(PluginException.class)
			.hasMessage("cannot install '" + url + "': it is larger than 1000 bytes, the most a download may be"
				+ " (pluginkit.install.max.bytes); raise the limit or copy the jar into the plugins folder");
	}

	@Test
	void aDownloadOfUnknownLengthIsCutAtTheLimit() throws Exception {
		setProperty(PluginSource.INSTALL_MAX_BYTES, "1000");
		server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		server.createContext("/endless.jar", exchange -> {
			exchange.sendResponseHeaders(200, 0); // chunked: no length
			try (OutputStream out = exchange.getResponseBody()) {
				for (int i = 0; i < 100; i++) {
					out.write(new byte[1000]);
					out.flush();
				}
			} catch (IOException e) {
				// the client gave up: expected
			}
		});
		server.start();
		String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/endless.jar";

		assertThatThrownBy(() -> PluginSource.open(url).close()).isInstanceOf(PluginException.class)
			.hasMessageContaining("it is larger than 1000 bytes");
	}

	@Test
	@Timeout(60)
	void aServerThatStallsInTheMiddleIsGivenUpAtTheDeadline() throws Exception {
		setProperty(PluginSource.INSTALL_TIMEOUT_SECONDS, "1");
		String url = stall("/slow.jar", true);

		assertThatThrownBy(() -> PluginSource.open(url).close()).isInstanceOf(PluginException.class)
			.hasMessage("cannot read '" + url + "': no complete answer within 1 s (pluginkit.install.timeout.seconds);"
				+ " check the URL and the network, or raise the limit");
	}

	@Test
	@Timeout(60)
	void aServerThatNeverAnswersIsGivenUpAtTheDeadline() throws Exception {
		setProperty(PluginSource.INSTALL_TIMEOUT_SECONDS, "1");
		String url = stall("/silent.jar", false);

		assertThatThrownBy(() -> PluginSource.open(url).close()).isInstanceOf(PluginException.class)
			.hasMessageContaining("no complete answer within 1 s");
	}

	@Test
	void aDownloadThatTheServerRefusesNamesTheUrlAndTheStatus() throws Exception {
		String url = serve("/plugins/teapot.jar", 404, "no such plugin".getBytes(UTF_8));

		assertThatThrownBy(() -> PluginSource.open(url).close()).isInstanceOf(PluginException.class)
			.hasMessageContaining("'" + url + "'")
			.hasMessageContaining("404");
	}

	@Test
	void anUnreachableServerIsReportedWithTheUrl() throws Exception {
		int closedPort;
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			closedPort = socket.getLocalPort();
		}
		String url = "http://127.0.0.1:" + closedPort + "/teapot.jar";

		assertThatThrownBy(() -> PluginSource.open(url).close()).isInstanceOf(PluginException.class)
			.hasMessageStartingWith("cannot read '" + url + "'");
	}

	@Test
	void aMalformedUrlIsReportedAsSuch() {
		assertThatThrownBy(() -> PluginSource.open("http://example .org/teapot.jar").close())
			.isInstanceOf(PluginException.class)
			.hasMessageContaining("is not a valid URL");
	}

	// ---------------------------------------------------------------- mvn:

	@Test
	void aMavenUrlIsFoundInTheLocalRepository() throws Exception {
		Path repo = useMavenRepo();
		Path jar = Files.createDirectories(repo.resolve("org/example/teapot/1.0.0")).resolve("teapot-1.0.0.jar");
		Files.write(jar, "from the local repository".getBytes(UTF_8));

		assertThat(PluginSource.maven("mvn:org.example/teapot/1.0.0")).isEqualTo(jar);
		try (InputStream in = PluginSource.open("mvn:org.example/teapot/1.0.0")) {
			assertThat(in).hasContent("from the local repository");
		}
	}

	@Test
	void aMavenUrlMayNameTheTypeAndClassifier() throws Exception {
		Path repo = useMavenRepo();
		Path folder = Files.createDirectories(repo.resolve("org/example/teapot/1.0.0-SNAPSHOT"));
		Path bundle = Files.createFile(folder.resolve("teapot-1.0.0-SNAPSHOT-osgi.jar"));
		Path zip = Files.createFile(folder.resolve("teapot-1.0.0-SNAPSHOT.zip"));

		assertThat(PluginSource.maven("mvn:org.example/teapot/1.0.0-SNAPSHOT/jar/osgi")).isEqualTo(bundle);
		assertThat(PluginSource.maven("mvn:org.example/teapot/1.0.0-SNAPSHOT/zip")).isEqualTo(zip);
		assertThat(PluginSource.maven("mvn:org.example/teapot/1.0.0-SNAPSHOT//osgi")).isEqualTo(bundle);
	}

	@Test
	void theLocalRepositoryIsTheUsersM2ByDefault() {
		System.clearProperty("pluginkit.maven.repo");
		Path expected = Paths.get(System.getProperty("user.home"), ".m2", "repository", "org", "example",
			"no-such-plugin", "9.9.9", "no-such-plugin-9.9.9.jar");

		assertThatThrownBy(() -> PluginSource.maven("mvn:org.example/no-such-plugin/9.9.9"))
			.hasMessageContaining(expected.toString());
	}

	@Test
	void aMavenArtifactMissingLocallyTellsHowToFetchIt() throws Exception {
		useMavenRepo();

		assertThatThrownBy(() -> PluginSource.maven("mvn:org.example/teapot/2.0")).isInstanceOf(PluginException.class)
			.hasMessageStartingWith("mvn:org.example/teapot/2.0 is not in the local Maven repository")
			.hasMessageContaining("mvn dependency:get -Dartifact=org.example:teapot:2.0");
	}

	@Test
	void aMavenUrlWithoutVersionIsRejected() {
		assertThatThrownBy(() -> PluginSource.maven("mvn:org.example/teapot")).isInstanceOf(PluginException.class)
			.hasMessageContaining("use mvn:group/artifact/version");
	}

	// ---------------------------------------------------------------- check

	@Test
	void aCompleteBundleIsAccepted() throws Exception {
		Path jar = Files.write(dir.resolve("teapot.jar"), bundle("io.example.teapot;singleton:=true", " teapot "));

		JarHeaders headers = PluginSource.check(jar, "teapot.jar");

		assertThat(headers.symbolicName()).isEqualTo("io.example.teapot");
		assertThat(headers.pluginName()).isEqualTo("teapot");
	}

	@Test
	void aBundleWithoutPluginNameIsALibrary() throws Exception {
		Path jar = Files.write(dir.resolve("lib.jar"), bundle("org.example.lib", null));

		assertThat(PluginSource.check(jar, "lib.jar").pluginName()).isNull();
	}

	@Test
	void aFileThatIsNotAJarIsRejectedByName() throws Exception {
		Path text = Files.writeString(dir.resolve("notes.jar"), "just some text, not a zip");

		assertThatThrownBy(() -> PluginSource.check(text, "notes.jar")).isInstanceOf(PluginException.class)
			.hasMessageStartingWith("notes.jar is not a valid jar");
	}

	@Test
	void anEmptyFileIsRejected() throws Exception {
		Path empty = Files.createFile(dir.resolve("empty.jar"));

		assertThatThrownBy(() -> PluginSource.check(empty, "empty.jar")).hasMessageStartingWith("empty.jar is not a valid jar");
	}

	@Test
	void aTruncatedJarIsRejectedBeforeTheFrameworkSeesIt() throws Exception {
		byte[] full = bundle("io.example.teapot", "teapot");
		// cut inside the central directory, after the last entry, inside an entry
		for (int cut : new int[] { full.length - 1, full.length - 30, full.length / 2 }) {
			Path jar = Files.write(dir.resolve("cut-" + cut + ".jar"), Arrays.copyOf(full, cut));

			assertThatThrownBy(() -> PluginSource.check(jar, "teapot.jar")).as("cut at %d of %d", cut, full.length)
				.isInstanceOf(PluginException.class)
				.hasMessageStartingWith("teapot.jar is not a valid jar");
		}
	}

	@Test
	void aJarWithADamagedEntryIsRejected() throws Exception {
		byte[] bytes = bundle("io.example.teapot", "teapot");
		int header = indexOf(bytes, "static/file1.txt".getBytes(UTF_8));
		bytes[header + "static/file1.txt".length() + 10] ^= 0x55; // inside the compressed data
		Path jar = Files.write(dir.resolve("damaged.jar"), bytes);

		assertThatThrownBy(() -> PluginSource.check(jar, "damaged.jar")).isInstanceOf(PluginException.class)
			.hasMessageStartingWith("damaged.jar is not a valid jar");
	}

	@Test
	void aJarWithoutManifestIsNotABundle() throws Exception {
		Path jar = dir.resolve("plain.jar");
		try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(jar))) {
			zip.putNextEntry(new ZipEntry("hello.txt"));
			zip.write("hello".getBytes(UTF_8));
			zip.closeEntry();
		}

		assertThatThrownBy(() -> PluginSource.check(jar, "plain.jar"))
			.hasMessage("plain.jar is not an OSGi bundle: it has no META-INF/MANIFEST.MF");
	}

	@Test
	void aManifestThatIsNotTheFirstEntryIsStillFound() throws Exception {
		Path jar = dir.resolve("zipped.jar");
		try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(jar))) {
			zip.putNextEntry(new ZipEntry("io/example/Teapot.class"));
			zip.write(new byte[] { (byte) 0xCA, (byte) 0xFE });
			zip.closeEntry();
			zip.putNextEntry(new ZipEntry("META-INF/MANIFEST.MF"));
			manifest("io.example.teapot", "2", "teapot").write(zip);
			zip.closeEntry();
		}

		assertThat(PluginSource.check(jar, "zipped.jar").pluginName()).isEqualTo("teapot");
	}

	@Test
	void aJarWithoutSymbolicNameIsNotABundle() throws Exception {
		Path jar = Files.write(dir.resolve("app.jar"), jar(manifest(null, "2", null)));

		assertThatThrownBy(() -> PluginSource.check(jar, "app.jar")).isInstanceOf(PluginException.class)
			.hasMessage("app.jar is not an OSGi bundle: its manifest has no Bundle-SymbolicName/Bundle-ManifestVersion: 2");
	}

	@Test
	void anOsgiR3BundleIsNotAccepted() throws Exception {
		Path r3 = Files.write(dir.resolve("r3.jar"), jar(manifest("org.example.old", null, null)));
		Path v1 = Files.write(dir.resolve("v1.jar"), jar(manifest("org.example.old", "1", null)));

		assertThatThrownBy(() -> PluginSource.check(r3, "r3.jar")).hasMessageContaining("Bundle-ManifestVersion: 2");
		assertThatThrownBy(() -> PluginSource.check(v1, "v1.jar")).hasMessageContaining("Bundle-ManifestVersion: 2");
	}

	@Test
	void messagesNameTheJarByItsFileNameOrItsMavenCoordinates() {
		assertThat(PluginSource.fileName("file:/opt/plugins/teapot.jar")).isEqualTo("teapot.jar");
		assertThat(PluginSource.fileName("https://example.org/dl/teapot-1.0.jar")).isEqualTo("teapot-1.0.jar");
		assertThat(PluginSource.fileName("mvn:org.example/teapot/1.0.0")).isEqualTo("mvn:org.example/teapot/1.0.0");
		assertThat(PluginSource.fileName("teapot.jar")).isEqualTo("teapot.jar");
	}

	@Test
	void aJarThatDeclaresItExpandsBeyondTheLimitIsRefusedWithoutReadingIt() throws Exception {
		Path jar = Files.write(dir.resolve("bomb.jar"), bomb(2 << 20));

		assertThatThrownBy(() -> PluginSource.check(jar, "bomb.jar", 1 << 20)).isInstanceOf(PluginException.class)
			.hasMessage("bomb.jar expands to more than 1 MiB (pluginkit.jar.max.expanded.bytes): refused as a possible"
				+ " zip bomb; raise the limit if the jar is genuine");
	}

	@Test
	void aJarThatLiesAboutItsSizeIsRefusedOnceItExpandsBeyondTheLimit() throws Exception {
		byte[] bytes = bomb(2 << 20);
		// make the central directory say the entry expands to 1 byte: its name is the last "zeros.bin",
		// 46 bytes after the start of its header, whose uncompressed size is at 24
		int header = lastIndexOf(bytes, "zeros.bin".getBytes(UTF_8)) - 46;
		assertThat(Arrays.copyOfRange(bytes, header, header + 4)).containsExactly(0x50, 0x4b, 0x01, 0x02);
		bytes[header + 24] = 1;
		bytes[header + 25] = 0;
		bytes[header + 26] = 0;
		bytes[header + 27] = 0;
		Path jar = Files.write(dir.resolve("liar.jar"), bytes);

		assertThatThrownBy(() -> PluginSource.check(jar, "liar.jar", 1 << 20)).isInstanceOf(PluginException.class)
			.hasMessageStartingWith("liar.jar expands to more than 1 MiB");
	}

	@Test
	void theExpansionLimitIsASetting() throws Exception {
		Path jar = Files.write(dir.resolve("bomb.jar"), bomb(300_000));
		assertThat(PluginSource.check(jar, "bomb.jar").symbolicName()).isEqualTo("io.example.bomb");

		setProperty(PluginSource.MAX_EXPANDED_BYTES, "200000");
		assertThatThrownBy(() -> PluginSource.check(jar, "bomb.jar")).hasMessageStartingWith("bomb.jar expands to more than 195.3 KiB");
	}

	@Test
	void byteCountsReadAsAUserSaysThem() {
		assertThat(PluginSource.bytes(64L << 20)).isEqualTo("64 MiB");
		assertThat(PluginSource.bytes(3L << 19)).isEqualTo("1.5 MiB");
		assertThat(PluginSource.bytes(2048)).isEqualTo("2.0 KiB");
		assertThat(PluginSource.bytes(100)).isEqualTo("100 bytes");
	}

	// ---------------------------------------------------------------- helpers

	private static int indexOf(byte[] haystack, byte[] needle) {
		return indexOf(haystack, needle, 0);
	}

	private static int indexOf(byte[] haystack, byte[] needle, int from) {
		outer: for (int i = from; i <= haystack.length - needle.length; i++) {
			for (int j = 0; j < needle.length; j++) {
				if (haystack[i + j] != needle[j]) {
					continue outer;
				}
			}
			return i;
		}
		throw new AssertionError("not found");
	}

	private static int lastIndexOf(byte[] haystack, byte[] needle) {
		outer: for (int i = haystack.length - needle.length; i >= 0; i--) {
			for (int j = 0; j < needle.length; j++) {
				if (haystack[i + j] != needle[j]) {
					continue outer;
				}
			}
			return i;
		}
		return -1;
	}

	/** A bundle with one entry of {@code size} zero bytes, which compresses to almost nothing. */
	private static byte[] bomb(int size) throws IOException {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		try (JarOutputStream out = new JarOutputStream(bytes, manifest("io.example.bomb", "2", null))) {
			out.putNextEntry(new JarEntry("zeros.bin"));
			out.write(new byte[size]);
			out.closeEntry();
		}
		return bytes.toByteArray();
	}

	private void setProperty(String name, String value) {
		propertiesBefore.putIfAbsent(name, System.getProperty(name));
		System.setProperty(name, value);
	}

	/** A server that stalls until the test ends: after a few bytes of the body, or before answering at all. */
	private String stall(String path, boolean afterSomeBytes) throws IOException {
		server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		server.setExecutor(Executors.newCachedThreadPool());
		server.createContext(path, exchange -> {
			try {
				if (afterSomeBytes) {
					exchange.sendResponseHeaders(200, 10_000);
					exchange.getResponseBody().write(new byte[100]);
					exchange.getResponseBody().flush();
				}
				release.await(30, TimeUnit.SECONDS);
			} catch (InterruptedException | IOException e) {
				// the test is over
			} finally {
				exchange.close();
			}
		});
		server.start();
		return "http://127.0.0.1:" + server.getAddress().getPort() + path;
	}

	private Path useMavenRepo() throws IOException {
		mavenRepoBefore = System.getProperty("pluginkit.maven.repo");
		Path repo = Files.createDirectories(dir.resolve("m2"));
		System.setProperty("pluginkit.maven.repo", repo.toString());
		return repo;
	}

	private String serve(String path, int status, byte[] body) throws IOException {
		server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		server.createContext(path, exchange -> {
			exchange.sendResponseHeaders(status, body.length);
			try (OutputStream out = exchange.getResponseBody()) {
				out.write(body);
			}
		});
		server.start();
		return "http://127.0.0.1:" + server.getAddress().getPort() + path;
	}

	static byte[] bundle(String symbolicName, String pluginName) throws IOException {
		return jar(manifest(symbolicName, "2", pluginName));
	}

	private static Manifest manifest(String symbolicName, String manifestVersion, String pluginName) {
		Manifest m = new Manifest();
		Attributes a = m.getMainAttributes();
		a.put(Attributes.Name.MANIFEST_VERSION, "1.0");
		if (symbolicName != null) {
			a.putValue("Bundle-SymbolicName", symbolicName);
		}
		if (manifestVersion != null) {
			a.putValue("Bundle-ManifestVersion", manifestVersion);
		}
		if (pluginName != null) {
			a.putValue("Plugin-Name", pluginName);
		}
		return m;
	}

	private static byte[] jar(Manifest manifest) throws IOException {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		try (JarOutputStream out = new JarOutputStream(bytes, manifest)) {
			for (int i = 0; i < 3; i++) {
				out.putNextEntry(new JarEntry("static/file" + i + ".txt"));
				out.write(("content of file " + i + "\n").repeat(50).getBytes(UTF_8));
				out.closeEntry();
			}
		}
		return bytes.toByteArray();
	}
}
