package io.pluginkit.e2e;

import java.io.BufferedReader;
import java.io.IOException;
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
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.pluginkit.testing.Await;

/**
 * {@code pluginkit.jar} launched as a user launches it: its own JVM, port 0, a data and a plugins
 * folder of the test's, Gogo commands written to its stdin (a pipe, as from a FIFO), its output
 * read line by line. Every wait has a deadline.
 */
public final class PluginKitProcess implements AutoCloseable {

	public static final Duration DEADLINE = Await.DEADLINE;
	/**
	 * Exit codes of a clean stop: 143 is SIGTERM's; 117 is the bnd launcher's "framework stopped",
	 * which wins when its main thread reaches {@code System.exit} just as the shutdown hooks end.
	 */
	public static final Integer[] CLEAN_EXITS = { 0, 143, 117 };
	private static final Pattern STARTED = Pattern
		.compile("PluginKit (\\S+) started in (\\d+) ms on http://([^:]+):(\\d+)/ \u2014 (\\d+) plugins? enabled, (\\d+) disabled, (\\d+) failed");
	private static final AtomicInteger MARKERS = new AtomicInteger();

	private final Path dataDir;
	private final Path pluginsDir;
	private final Map<String, String> properties = new LinkedHashMap<>();
	private final List<String> output = new ArrayList<>();
	/** Whether the reader of the current process has read its output to the end (guarded by {@link #output}). */
	private boolean outputEnded;
	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
		.followRedirects(HttpClient.Redirect.NEVER).build();
	private Process process;
	private OutputStream stdin;
	private Matcher started;

	public PluginKitProcess(Path dataDir, Path pluginsDir) {
		this.dataDir = dataDir;
		this.pluginsDir = pluginsDir;
	}

	/** The executable jar under test, built by {@code mvn package} of this module. */
	public static Path jar() {
		return Path.of(System.getProperty("pluginkit.jar", "target/pluginkit.jar")).toAbsolutePath();
	}

	/**
	 * The {@code java} that runs PluginKit: {@code -Dpluginkit.test.java} (a {@code java} executable or a
	 * JDK folder; bndrun/pom.xml sets it to run the suite on a second JDK), else this JVM's own.
	 */
	public static Path java() {
		String chosen = System.getProperty("pluginkit.test.java", "");
		Path java = chosen.isBlank() ? Path.of(System.getProperty("java.home"), "bin", "java") : Path.of(chosen);
		return Files.isDirectory(java) ? java.resolve("bin").resolve("java") : java;
	}

	/** The sample plugins collected by the build. */
	public static Path samples() {
		return Path.of(System.getProperty("pluginkit.samples", "target/plugins")).toAbsolutePath();
	}

	public PluginKitProcess property(String name, String value) {
		properties.put(name, value);
		return this;
	}

	public Path dataDir() {
		return dataDir;
	}

	public Path pluginsDir() {
		return pluginsDir;
	}

	/** Launches and waits for the startup line. */
	public PluginKitProcess start() {
		launch();
		return awaitStartup();
	}

	/** Waits for the startup line of a process {@link #launch() launched} before. */
	public PluginKitProcess awaitStartup() {
		String line = awaitLine(l -> STARTED.matcher(l).find());
		started = STARTED.matcher(line);
		started.find();
		return this;
	}

	/** Whether the startup line has been printed yet. */
	public boolean startupLinePrinted() {
		return output().stream().anyMatch(l -> STARTED.matcher(l).find());
	}

	/** Launches without waiting for anything. */
	public PluginKitProcess launch() {
		List<String> command = new ArrayList<>();
		command.add(java().toString());
		command.add("-Xmx256m");
		command.add("-XX:TieredStopAtLevel=1");
		command.add("-Dorg.osgi.service.http.port=0");
		command.add("-Dpluginkit.data.dir=" + dataDir);
		command.add("-Dpluginkit.plugins.dir=" + pluginsDir);
		// the framework cache goes to <data>/cache; anything that still goes to java.io.tmpdir
		// stays in the test's folder (tmpDir()), where a test can see what a kill -9 left behind
		Path tmp = tmpDir();
		try {
			Files.createDirectories(tmp);
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		}
		command.add("-Djava.io.tmpdir=" + tmp);
		properties.forEach((k, v) -> command.add("-D" + k + "=" + v));
		command.add("-jar");
		command.add(jar().toString());
		synchronized (output) {
			output.clear();
		}
		try {
			process = new ProcessBuilder(command).redirectErrorStream(true).start();
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		}
		stdin = process.getOutputStream();
		synchronized (output) {
			outputEnded = false;
		}
		Process started = process;
		Thread reader = new Thread(() -> readOutput(started), "pluginkit-output");
		reader.setDaemon(true);
		reader.start();
		return this;
	}

	private void readOutput(Process started) {
		try (BufferedReader in = new BufferedReader(
			new InputStreamReader(started.getInputStream(), StandardCharsets.UTF_8))) {
			for (String line; (line = in.readLine()) != null;) {
				System.out.println("  [pluginkit] " + line);
				synchronized (output) {
					output.add(line);
					output.notifyAll();
				}
			}
		} catch (IOException e) {
			// the process is gone
		} finally {
			synchronized (output) {
				outputEnded |= started == process; // a restarted process has a reader of its own
				output.notifyAll();
			}
		}
	}

	/** The process's {@code java.io.tmpdir}: a folder of the test's, beside the data folder. */
	public Path tmpDir() {
		return dataDir.resolveSibling("tmp");
	}

	/** The process id of the running (or last) PluginKit, as it names itself in {@code <data>/.lock}. */
	public long pid() {
		return process.pid();
	}

	public int port() {
		return Integer.parseInt(started.group(4));
	}

	/** The startup line's figures: enabled, disabled, failed. */
	public int[] startupCounts() {
		return new int[] { Integer.parseInt(started.group(5)), Integer.parseInt(started.group(6)),
			Integer.parseInt(started.group(7)) };
	}

	public String startupLine() {
		return started.group(0);
	}

	/** Every line printed so far (stdout and stderr, in order). */
	public List<String> output() {
		synchronized (output) {
			return List.copyOf(output);
		}
	}

	/** Waits for a line printed by the process (since launch) that matches. */
	public String awaitLine(Predicate<String> match) {
		return awaitLine(match, 0);
	}

	private String awaitLine(Predicate<String> match, int from) {
		long deadline = System.nanoTime() + DEADLINE.toNanos();
		synchronized (output) {
			int i = from;
			while (true) {
				for (; i < output.size(); i++) {
					if (match.test(output.get(i))) {
						return output.get(i);
					}
				}
				long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
				// an exited process's last lines may still be on their way through the pipe: read them first
				if (left <= 0 || !process.isAlive() && outputEnded && i >= output.size()) {
					throw new AssertionError("no matching line within " + DEADLINE.toSeconds() + " s"
						+ (process.isAlive() ? "" : " (the process exited with " + process.exitValue() + ")")
						+ "; output was:\n" + String.join("\n", output));
				}
				try {
					output.wait(Math.min(left, 200));
				} catch (InterruptedException e) {
					Thread.currentThread().interrupt();
					throw new AssertionError(e);
				}
			}
		}
	}

	/**
	 * Runs one Gogo command through stdin and returns what it printed (the lines between the command
	 * and a marker that follows it; log lines of other threads may be among them).
	 */
	public List<String> shell(String command) {
		String marker = "--done-" + MARKERS.incrementAndGet() + "--";
		int from;
		synchronized (output) {
			from = output.size();
		}
		send(command + "\n'" + marker + "'\n");
		awaitLine(marker::equals, from);
		synchronized (output) {
			List<String> lines = new ArrayList<>();
			for (int i = from; i < output.size() && !output.get(i).equals(marker); i++) {
				if (!output.get(i).contains("] INFO ") && !output.get(i).contains("] WARN ")) {
					lines.add(output.get(i));
				}
			}
			return lines;
		}
	}

	/** Writes raw text to the process's stdin. */
	public void send(String text) {
		try {
			stdin.write(text.getBytes(StandardCharsets.UTF_8));
			stdin.flush();
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	/** Closes stdin: end of input must never stop PluginKit. */
	public void closeStdin() {
		try {
			stdin.close();
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	public HttpResponse<String> get(String path, String... headers) {
		return get(port(), path, headers);
	}

	/** GET on a port learnt before the startup line (which gives {@link #port()}). */
	public HttpResponse<String> get(int port, String path, String... headers) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
			.timeout(Duration.ofSeconds(10));
		for (int i = 0; i + 1 < headers.length; i += 2) {
			request.header(headers[i], headers[i + 1]);
		}
		try {
			return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new AssertionError(e);
		}
	}

	/** Polls {@code path} until it answers {@code status}, and returns that answer. */
	public HttpResponse<String> awaitStatus(String path, int status, String... headers) {
		return Await.until("GET " + path + " answers " + status, () -> get(path, headers),
			r -> r.statusCode() == status);
	}

	/** Polls a shell command until its output satisfies the condition. */
	public List<String> awaitShell(String command, Predicate<List<String>> condition) {
		return Await.until("'" + command + "' prints the expected output", () -> shell(command), condition);
	}

	/** The plugin:list row of a plugin, or {@code null}. */
	public String listRow(String name) {
		for (String line : shell("plugin:list")) {
			if (line.startsWith(name + " ")) {
				return line;
			}
		}
		return null;
	}

	/** Waits until plugin:list shows the plugin's row containing {@code text}. */
	public String awaitListRow(String name, String text) {
		return Await.until("plugin:list shows " + name + " with '" + text + "'", () -> {
			String row = listRow(name);
			return row == null ? "" : row;
		}, row -> row.contains(text));
	}

	/** SIGTERM, as a service manager stops it; waits for the exit. */
	public int stop() {
		process.destroy();
		return awaitExit();
	}

	/** SIGKILL: a crash. */
	public void kill() {
		process.destroyForcibly();
		awaitExit();
	}

	public boolean isAlive() {
		return process.isAlive();
	}

	/** Waits for the process to end by itself and returns its exit code. */
	public int awaitExit() {
		try {
			if (!process.waitFor(DEADLINE.toSeconds(), TimeUnit.SECONDS)) {
				process.destroyForcibly();
				throw new AssertionError("PluginKit did not exit within " + DEADLINE.toSeconds() + " s");
			}
			return process.exitValue();
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new AssertionError(e);
		}
	}

	public String dataFile(String name) {
		try {
			return Files.readString(dataDir.resolve(name));
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	@Override
	public void close() {
		if (process != null && process.isAlive()) {
			process.destroy();
			try {
				if (!process.waitFor(DEADLINE.toSeconds(), TimeUnit.SECONDS)) {
					process.destroyForcibly();
				}
			} catch (InterruptedException e) {
				Thread.currentThread().interrupt();
				process.destroyForcibly();
			}
		}
	}
}
