package io.pluginkit.archetype;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.jar.JarFile;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * A new author's first plugin, end to end, as the README tells it: {@code mvn archetype:generate}, then
 * {@code mvn package -Dpluginkit.plugins.dir=...} (which runs the generated test on the real PluginKit
 * through the test kit) into a running {@code pluginkit.jar}, whose hot-deploy folder installs it; its page
 * answers. Then the same project rebuilt on JDK 25 (when Temurin 25 is installed) updates the plugin in place.
 * <p>
 * PluginKit's artifacts go into a temporary local repository (never {@code ~/.m2}, which other builds
 * share), whose remotes are {@code ~/.m2/repository} (file://) and Maven Central, as {@code bench/first-plugin.sh} does.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ArchetypeIT {

	static final Duration DEADLINE = Duration.ofSeconds(60);
	static final Duration BUILD_DEADLINE = Duration.ofMinutes(5);
	static final Path TEMURIN_25 = Path.of("/usr/lib/jvm/temurin-25-jdk-amd64");

	final Path root = Path.of(System.getProperty("pluginkit.root", "..")).toAbsolutePath().normalize();
	final String version = System.getProperty("pluginkit.version", "1.0.0-SNAPSHOT");
	final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

	Path work;
	Path settings;
	Path plugins;
	Process pluginkit;
	int port;

	@BeforeAll
	void repositoryAndARunningPluginKit(@TempDir Path temp) throws Exception {
		work = temp;
		Path repo = work.resolve("repo");
		put(repo, "pluginkit-parent", root.resolve("pom.xml"), null, root.resolve("pom.xml"));
		put(repo, "api", root.resolve("api/target/api-" + version + ".jar"), null, root.resolve("api/pom.xml"));
		put(repo, "pluginkit-distribution", distribution(), "pluginkit", root.resolve("distribution/pom.xml"));
		put(repo, "pluginkit-test", root.resolve("testkit/target/pluginkit-test-" + version + ".jar"), null,
			root.resolve("testkit/pom.xml"));
		put(repo, "pluginkit-plugin-archetype",
			root.resolve("plugin-archetype/target/pluginkit-plugin-archetype-" + version + ".jar"), null,
			root.resolve("plugin-archetype/pom.xml"));
		String userRepository = Path.of(System.getProperty("user.home"), ".m2", "repository").toUri().toString();
		settings = Files.writeString(work.resolve("settings.xml"), """
			<settings>
			  <localRepository>%s</localRepository>
			  <profiles><profile><id>user-repository</id>
			    <repositories><repository><id>user-repository</id><url>%s</url></repository></repositories>
			    <pluginRepositories><pluginRepository><id>user-repository</id><url>%s</url></pluginRepository></pluginRepositories>
			  </profile></profiles>
			  <activeProfiles><activeProfile>user-repository</activeProfile></activeProfiles>
			</settings>
			""".formatted(repo, userRepository, userRepository));

		plugins = Files.createDirectories(work.resolve("plugins"));
		Path data = work.resolve("data");
		Path log = work.resolve("pluginkit.log");
		pluginkit = new ProcessBuilder(java(Path.of(System.getProperty("java.home"))).toString(),
			"-Dorg.osgi.service.http.port=0", "-Dpluginkit.shell=false", "-Dpluginkit.data.dir=" + data,
			"-Dpluginkit.plugins.dir=" + plugins, "-jar", distribution().toString())
			.redirectErrorStream(true)
			.redirectOutput(log.toFile())
			.start();
		await("PluginKit's startup line", () -> Files.exists(log) ? Files.readString(log) : "",
			s -> s.contains(" started in "));
		port = Integer.parseInt(Files.readString(data.resolve("http.port")).trim());
	}

	@AfterAll
	void stop() throws InterruptedException {
		if (pluginkit != null) {
			pluginkit.destroy();
			if (!pluginkit.waitFor(30, TimeUnit.SECONDS)) {
				pluginkit.destroyForcibly();
			}
		}
	}

	@Test
	@Order(1)
	void aGeneratedProjectBuildsTestsAndDeploysIntoARunningPluginKit() throws Exception {
		Path projects = Files.createDirectories(work.resolve("projects"));
		mvn(projects, null, "org.apache.maven.plugins:maven-archetype-plugin:3.3.1:generate", "-DinteractiveMode=false",
			"-DarchetypeGroupId=io.pluginkit", "-DarchetypeArtifactId=pluginkit-plugin-archetype",
			"-DarchetypeVersion=" + version, "-DgroupId=com.example", "-DartifactId=hello", "-Dpackage=com.example.hello",
			"-Dauthor=Jane Doe");
		Path project = projects.resolve("hello");
		assertThat(project.resolve("pom.xml")).content().contains("<finalName>hello</finalName>")
			.contains("<pluginkit.version>" + version + "</pluginkit.version>").doesNotContain("<parent>");

		String build = mvn(project, null, "package", "-Dpluginkit.plugins.dir=" + plugins);

		assertThat(build).as("the generated test ran on PluginKit").containsPattern("Tests run: 6, Failures: 0, Errors: 0");
		assertThat(project.resolve("target/hello.jar")).isRegularFile();
		assertThat(plugins.resolve("hello.jar")).isRegularFile();
		// the plugin's components come up one by one: its page may answer a moment before its hook is there
		HttpResponse<String> page = await("GET /hello answers 200 through the plugin's hook", () -> get("/hello"),
			r -> r.statusCode() == 200 && r.headers().firstValue("X-hello-Time").isPresent());
		assertThat(page.body()).contains("<h1>Hello from hello</h1>");
		assertThat(page.headers().firstValue("X-hello-Time")).isPresent();
		HttpResponse<String> old = get("/hello/old");
		assertThat(old.statusCode()).isEqualTo(302);
		assertThat(old.headers().firstValue("X-hello-Time")).as("the after of the hook that redirected").isPresent();
		assertThat(get("/hello/nothing").body()).contains("hello: nothing at /hello/nothing");
		assertThat(get("/static/hello/style.css").statusCode()).isEqualTo(200);
		try (JarFile jar = new JarFile(project.resolve("target/hello.jar").toFile())) {
			assertThat(jar.getManifest().getMainAttributes().getValue("Plugin-Author")).isEqualTo("Jane Doe");
			assertThat(jar.getEntry("README.md")).isNotNull();
			assertThat(jar.getEntry("LICENSE.txt")).isNotNull();
		}
	}

	@Test
	@Order(2)
	void rebuiltOnJdk25TheSameJarNameUpdatesThePluginInPlace() throws Exception {
		Path jdk = Files.isExecutable(java(TEMURIN_25)) ? TEMURIN_25 : Path.of(System.getProperty("java.home"));
		Path project = work.resolve("projects/hello");
		Path servlet = project.resolve("src/main/java/com/example/hello/HelloServlet.java");
		Files.writeString(servlet, Files.readString(servlet).replace("</h1>", "</h1><p>built again</p>"));

		String build = mvn(project, jdk, "package", "-Dpluginkit.plugins.dir=" + plugins);

		assertThat(build).containsPattern("Tests run: 6, Failures: 0, Errors: 0");
		HttpResponse<String> page = await("GET /hello answers the new build", () -> get("/hello"),
			r -> r.statusCode() == 200 && r.body().contains("<p>built again</p>")
				&& r.headers().firstValue("X-hello-Time").isPresent());
		assertThat(page.headers().firstValue("X-hello-Time")).isPresent();
		try (var files = Files.list(plugins)) {
			assertThat(files.map(p -> p.getFileName().toString()).toList()).containsExactly("hello.jar");
		}
		try (JarFile jar = new JarFile(project.resolve("target/hello.jar").toFile())) {
			assertThat(jar.getManifest().getMainAttributes().getValue("Plugin-Author"))
				.as("the @Plugin processor ran on %s", jdk).isEqualTo("Jane Doe");
			byte[] head = jar.getInputStream(jar.getEntry("com/example/hello/HelloServlet.class")).readNBytes(8);
			assertThat(head[7]).as("class file major version: Java 17").isEqualTo((byte) 61);
		}
	}

	// ---------------------------------------------------------------- helpers

	/** Copies an artifact into the repository in Maven's layout, as {@code mvn install} would. */
	private void put(Path repo, String artifactId, Path file, String classifier, Path pom) throws IOException {
		assertThat(file).as("built by the reactor before this test").isRegularFile();
		Path dir = Files.createDirectories(repo.resolve("io/pluginkit").resolve(artifactId).resolve(version));
		String name = file.getFileName().toString();
		String extension = name.substring(name.lastIndexOf('.') + 1);
		Files.copy(file, dir.resolve(artifactId + "-" + version + (classifier == null ? "" : "-" + classifier) + "." + extension));
		Files.copy(pom, dir.resolve(artifactId + "-" + version + ".pom"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
	}

	/** Runs this build's Maven with the temporary settings; returns its output, fails the test on an error. */
	private String mvn(Path dir, Path javaHome, String... args) throws Exception {
		List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("maven.home"), "bin", "mvn").toString(),
			"-B", "-Dstyle.color=never", "-s", settings.toString()));
		command.addAll(List.of(args));
		Path output = Files.createTempFile(work, "mvn-", ".log");
		ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
			.redirectOutput(output.toFile());
		Map<String, String> env = builder.environment();
		env.put("JAVA_HOME", (javaHome != null ? javaHome : Path.of(System.getProperty("java.home"))).toString());
		env.remove("MAVEN_ARGS");
		Process mvn = builder.start();
		if (!mvn.waitFor(BUILD_DEADLINE.toSeconds(), TimeUnit.SECONDS)) {
			mvn.destroyForcibly();
			throw new AssertionError(String.join(" ", command) + " took longer than " + BUILD_DEADLINE);
		}
		String log = Files.readString(output);
		assertThat(mvn.exitValue()).as("%s in %s:%n%s", String.join(" ", command), dir, log).isZero();
		return log;
	}

	private HttpResponse<String> get(String path) {
		try {
			return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
				.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new AssertionError(e);
		}
	}

	interface Value<T> {
		T get() throws Exception;
	}

	private static <T> T await(String what, Value<T> value, Predicate<T> condition) throws Exception {
		long deadline = System.nanoTime() + DEADLINE.toNanos();
		T last = null;
		while (System.nanoTime() < deadline) {
			last = value.get();
			if (condition.test(last)) {
				return last;
			}
			Thread.sleep(50);
		}
		throw new AssertionError("timed out waiting until " + what + "; last: "
			+ (last instanceof HttpResponse<?> r ? r.statusCode() + " " + r.body() : last));
	}

	/** pluginkit.jar as the distribution module exported it (this module depends on it through the kit, not on bndrun). */
	private Path distribution() {
		return root.resolve("distribution/target/pluginkit.jar");
	}

	private static Path java(Path javaHome) {
		return javaHome.resolve("bin").resolve("java");
	}
}
