package io.pluginkit.test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A running PluginKit, as a test talks to it: its base URL, HTTP, the Gogo shell, and
 * enable/disable. Made by {@link PluginKitTest}; the real {@code pluginkit.jar} in its own JVM (the
 * test's {@code java}, or {@code -Dpluginkit.test.java=<java or JDK folder>}), HTTP on a free port of
 * 127.0.0.1, data and plugins folders of its own. Every wait has a deadline ({@link #DEADLINE}).
 * <p>
 * Not thread-safe for shell commands: one test thread at a time.
 */
public final class PluginKit implements ExtensionContext.Store.CloseableResource {

	/** How long PluginKit may take to start, a command to answer, a condition to become true. */
	public static final Duration DEADLINE = Duration.ofSeconds(60);

	private static final Pattern STARTED = Pattern.compile(
		"PluginKit (\\S+) started in (\\d+) ms on (?:http://([^:/\\s]+):(\\d+)/|(\\(no HTTP[^)]*\\)))");
	private static final AtomicInteger MARKERS = new AtomicInteger();

	private final String plugin;
	private final Path home;
	private final Path dataDir;
	private final Path pluginsDir;
	private final List<String> log = new ArrayList<>();
	private final List<String> stdout = new ArrayList<>();
	private final HttpClient http = HttpClient.newBuilder()
		.connectTimeout(Duration.ofSeconds(5))
		.followRedirects(HttpClient.Redirect.NEVER)
		.build();
	private Process process;
	private OutputStream stdin;
	private URI uri;

	private PluginKit(String plugin, Path home) {
		this.plugin = plugin;
		this.home = home;
		this.dataDir = home.resolve("data");
		this.pluginsDir = home.resolve("plugins");
	}

	/**
	 * Starts PluginKit with {@code plugin} (a jar or a bundle folder) and {@code more} jars in its plugins
	 * folder, and waits until it has started and the plugin under test is not {@code FAILED}.
	 */
	static PluginKit start(Path plugin, List<Path> more, Map<String, String> properties) {
		String name = PluginJar.pluginName(plugin);
		if (name == null) {
			throw new IllegalStateException(plugin + " is not a plugin: its manifest has no Plugin-Name (is @Plugin on"
				+ " a class or package-info, and did bnd-maven-plugin run?)");
		}
		PluginKit pluginkit;
		try {
			pluginkit = new PluginKit(name, Files.createTempDirectory("pluginkit-test-"));
			Files.createDirectories(pluginkit.pluginsDir);
			Files.createDirectories(pluginkit.dataDir);
			PluginJar.writeTo(plugin, pluginkit.pluginsDir.resolve(name + ".jar"));
			for (Path jar : more) {
				Files.copy(jar, pluginkit.pluginsDir.resolve(jar.getFileName()));
			}
		} catch (IOException e) {
			throw new UncheckedIOException("cannot prepare PluginKit's folders: " + e.getMessage(), e);
		}
		try {
			pluginkit.launch(properties);
			pluginkit.checkPluginStarted();
			return pluginkit;
		} catch (RuntimeException | Error e) {
			pluginkit.close();
			throw e;
		}
	}

	private void launch(Map<String, String> properties) {
		List<String> command = new ArrayList<>();
		command.add(Distribution.java().toString());
		command.add("-Xmx256m");
		command.add("-XX:TieredStopAtLevel=1");
		command.add("-Dorg.osgi.service.http.port=0");
		command.add("-Dpluginkit.data.dir=" + dataDir);
		command.add("-Dpluginkit.plugins.dir=" + pluginsDir);
		command.add("-Djava.io.tmpdir=" + home);
		properties.forEach((k, v) -> command.add("-D" + k + "=" + v));
		command.add("-jar");
		command.add(Distribution.jar().toString());
		try {
			process = new ProcessBuilder(command).directory(home.toFile()).start();
		} catch (IOException e) {
			throw new UncheckedIOException("cannot launch " + command.get(0) + ": " + e.getMessage(), e);
		}
		stdin = process.getOutputStream();
		read(process.getInputStream(), true, "pluginkit-test-stdout");
		read(process.getErrorStream(), false, "pluginkit-test-stderr");
		Matcher started = STARTED.matcher(awaitLog(l -> STARTED.matcher(l).find(), "the startup line"));
		started.find();
		if (started.group(5) != null) {
			throw new AssertionError("PluginKit started without HTTP: " + started.group(5));
		}
		uri = URI.create("http://" + started.group(3) + ":" + started.group(4) + "/");
	}

	private void read(InputStream stream, boolean isStdout, String threadName) {
		Thread reader = new Thread(() -> {
			try (BufferedReader in = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
				for (String line; (line = in.readLine()) != null;) {
					synchronized (log) {
						log.add(line);
						if (isStdout) {
							stdout.add(line);
						}
						log.notifyAll();
					}
				}
			} catch (IOException e) {
				// the process is gone
			}
		}, threadName);
		reader.setDaemon(true);
		reader.start();
	}

	private void checkPluginStarted() {
		String row = row(plugin);
		if (row == null || row.contains(" FAILED ") || row.endsWith(" FAILED")) {
			throw new AssertionError("the plugin under test '" + plugin + "' did not start: "
				+ (row == null ? "plugin:list does not show it" : row.replaceAll("\\s+", " ")) + "\nPluginKit's log:\n"
				+ String.join("\n", log()));
		}
	}

	// ------------------------------------------------------------------ HTTP

	/** The base URL, e.g. {@code http://127.0.0.1:41234/}. */
	public URI uri() {
		return uri;
	}

	/** The URL of a path of this PluginKit ({@code "/hello"}). */
	public URI uri(String path) {
		return uri.resolve(path.startsWith("/") ? path.substring(1) : path);
	}

	/** The HTTP port PluginKit chose. */
	public int port() {
		return uri.getPort();
	}

	/**
	 * {@code GET path} with optional headers as name, value pairs; redirects are not followed (the
	 * test sees the 302).
	 */
	public HttpResponse<String> get(String path, String... headers) {
		HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(30));
		for (int i = 0; i + 1 < headers.length; i += 2) {
			request.header(headers[i], headers[i + 1]);
		}
		return send(request.build());
	}

	/** Sends any request (build it with {@link #uri(String)}); the body as a UTF-8 string. */
	public HttpResponse<String> send(HttpRequest request) {
		try {
			return http.send(request, HttpResponse.BodyHandlers.ofString());
		} catch (IOException e) {
			throw new UncheckedIOException(request.method() + " " + request.uri() + " failed: " + e.getMessage(), e);
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new AssertionError(e);
		}
	}

	/** Polls {@code GET path} until it answers {@code status} (within {@link #DEADLINE}) and returns that answer. */
	public HttpResponse<String> awaitStatus(String path, int status, String... headers) {
		long deadline = System.nanoTime() + DEADLINE.toNanos();
		HttpResponse<String> last = null;
		while (System.nanoTime() < deadline) {
			try {
				last = get(path, headers);
				if (last.statusCode() == status) {
					return last;
				}
			} catch (UncheckedIOException e) {
				// not listening yet: try again
			}
			pause();
		}
		throw new AssertionError("GET " + path + " did not answer " + status + " within " + DEADLINE.toSeconds()
			+ " s; last answer: " + (last == null ? "none" : last.statusCode() + " " + last.body()));
	}

	/**
	 * Polls {@code value} until {@code condition} holds (within {@link #DEADLINE}) and returns that value: for
	 * what a plugin does on its own time (a background job's progress, a point reaching a server, a line in
	 * {@link #log()}). Fails the test with {@code what} and the last value otherwise.
	 */
	public <T> T await(String what, Supplier<T> value, Predicate<? super T> condition) {
		long deadline = System.nanoTime() + DEADLINE.toNanos();
		T last = null;
		while (System.nanoTime() < deadline) {
			last = value.get();
			if (condition.test(last)) {
				return last;
			}
			pause();
		}
		throw new AssertionError("timed out after " + DEADLINE.toSeconds() + " s waiting until " + what + "; last: "
			+ (last instanceof HttpResponse<?> r ? r.statusCode() + " " + r.body() : last));
	}

	/** The admin API's bearer token ({@code Authorization: Bearer <token>} on {@code /api} and {@code /admin}). */
	public String adminToken() {
		try {
			return Files.readString(dataDir.resolve("admin.token")).trim();
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	// ----------------------------------------------------------------- shell

	/**
	 * Runs one Gogo command (as typed at the {@code g!} prompt) and returns what it printed, without the
	 * log lines. E.g. {@code shell("plugin:info hello")}.
	 */
	public String shell(String command) {
		if (command.contains("\n")) {
			throw new IllegalArgumentException("one command at a time, without line breaks");
		}
		String marker = "--pluginkit-test-" + MARKERS.incrementAndGet() + "--";
		int from;
		synchronized (log) {
			from = stdout.size();
		}
		try {
			stdin.write((command + "\n'" + marker + "'\n").getBytes(StandardCharsets.UTF_8));
			stdin.flush();
		} catch (IOException e) {
			throw new UncheckedIOException("cannot write to PluginKit's shell (did it exit?): " + e.getMessage(), e);
		}
		long deadline = System.nanoTime() + DEADLINE.toNanos();
		synchronized (log) {
			while (true) {
				int end = stdout.subList(from, stdout.size()).indexOf(marker);
				if (end >= 0) {
					return String.join("\n", stdout.subList(from, from + end)).strip();
				}
				long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
				if (left <= 0 || !process.isAlive()) {
					throw new AssertionError("'" + command + "' did not finish within " + DEADLINE.toSeconds() + " s"
						+ (process.isAlive() ? "" : " (PluginKit exited with " + process.exitValue() + ")"));
				}
				waitForOutput(left);
			}
		}
	}

	/** The name of the plugin under test (its {@code Plugin-Name}). */
	public String plugin() {
		return plugin;
	}

	/** Enables the plugin under test; returns the shell's reply, e.g. {@code plugin 'hello' ENABLED}. */
	public String enable() {
		return enable(plugin);
	}

	/** Disables the plugin under test; when this returns, none of its routes answer any more. */
	public String disable() {
		return disable(plugin);
	}

	/** Enables a plugin by name; fails the test when the shell says it could not. */
	public String enable(String name) {
		return expect(shell("plugin:enable " + name), " ENABLED");
	}

	/** Disables a plugin by name; fails the test when the shell says it could not. */
	public String disable(String name) {
		return expect(shell("plugin:disable " + name), " DISABLED");
	}

	private static String expect(String reply, String state) {
		if (!reply.contains(state)) {
			throw new AssertionError(reply);
		}
		return reply;
	}

	/** The plugin's state as {@code plugin:list} shows it ({@code ENABLED}, {@code DISABLED}, {@code FAILED}...). */
	public String state(String name) {
		String row = row(name);
		if (row == null) {
			throw new AssertionError("plugin:list does not show '" + name + "':\n" + shell("plugin:list"));
		}
		return row.trim().split("\\s+")[2];
	}

	/** The {@code plugin:list} row of a plugin, or {@code null}. */
	private String row(String name) {
		for (String line : shell("plugin:list").lines().toList()) {
			if (line.startsWith(name + " ")) {
				return line;
			}
		}
		return null;
	}

	// ----------------------------------------------------------------- files

	/**
	 * Copies a jar into the plugins folder (atomically), as a user deploys one; the hot-deploy folder
	 * installs it within a second. Returns the file in the plugins folder.
	 */
	public Path deploy(Path jar) {
		try {
			Path part = Files.createTempFile(home, "deploy-", ".part");
			Files.copy(jar, part, StandardCopyOption.REPLACE_EXISTING);
			return Files.move(part, pluginsDir.resolve(jar.getFileName()), StandardCopyOption.REPLACE_EXISTING,
				StandardCopyOption.ATOMIC_MOVE);
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	/** PluginKit's hot-deploy folder. */
	public Path pluginsDir() {
		return pluginsDir;
	}

	/** PluginKit's data folder (decisions, admin token, configurations). */
	public Path dataDir() {
		return dataDir;
	}

	/** Everything PluginKit printed so far (stdout and stderr, in order of arrival). */
	public List<String> log() {
		synchronized (log) {
			return List.copyOf(log);
		}
	}

	// ------------------------------------------------------------- lifecycle

	private String awaitLog(Predicate<String> match, String what) {
		long deadline = System.nanoTime() + DEADLINE.toNanos();
		synchronized (log) {
			for (int i = 0;; ) {
				for (; i < log.size(); i++) {
					if (match.test(log.get(i))) {
						return log.get(i);
					}
				}
				long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
				if (left <= 0 || !process.isAlive()) {
					throw new AssertionError("PluginKit did not print " + what + " within " + DEADLINE.toSeconds() + " s"
						+ (process.isAlive() ? "" : " (it exited with " + process.exitValue() + ")") + "; its output:\n"
						+ String.join("\n", log));
				}
				waitForOutput(left);
			}
		}
	}

	private void waitForOutput(long millis) {
		try {
			log.wait(Math.min(millis, 200));
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new AssertionError(e);
		}
	}

	private static void pause() {
		try {
			Thread.sleep(50);
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new AssertionError(e);
		}
	}

	/** Stops PluginKit (SIGTERM, as a service manager does) and deletes its folders. */
	@Override
	public void close() {
		if (process != null && process.isAlive()) {
			process.destroy();
			try {
				if (!process.waitFor(DEADLINE.toSeconds(), TimeUnit.SECONDS)) {
					process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
				}
			} catch (InterruptedException e) {
				Thread.currentThread().interrupt();
				process.destroyForcibly();
			}
		}
		try (Stream<Path> walk = Files.walk(home)) {
			for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
				Files.deleteIfExists(p);
			}
		} catch (IOException e) {
			// a temporary folder left behind is not worth failing a test for
		}
	}

	@Override
	public String toString() {
		return "PluginKit on " + uri + " with " + plugin;
	}
}
