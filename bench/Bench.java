import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * The DESIGN §10 rows: PluginKit against its peers, each measured in the same run, alternating. A bare Felix +
 * SCR + Jetty 12 + Gogo with one whiteboard servlet (startup, enable/disable, throughput, and installing the
 * same 1,000 bundles), and a PF4J host loading 1,000 plugins. Launched by bench/run.sh as
 * {@code java bench/Bench.java <root>}; prints one markdown table on stdout and its progress and notes on
 * stderr.
 *
 * <p>Each measure starts a fresh JVM in a fresh temporary folder (its own {@code java.io.tmpdir}) and waits
 * for what a user waits for (an HTTP answer, or the one line a peer prints when it is done), timing with
 * {@link System#nanoTime()} from just before the launch. The plugins the 1,000-plugin and throughput rows
 * need are generated here (see {@link Plugins}).
 */
public final class Bench {

	// Settings, each an environment variable (see bench/README.md).
	static final List<String> ALL_ROWS = List.of("startup", "toggles", "plugins", "throughput", "templates");
	static final Set<String> ROWS = rows(System.getenv("BENCH_ROWS"));
	static final int RUNS = env("BENCH_RUNS", 10);
	static final int WARMUP_RUNS = env("BENCH_WARMUP_RUNS", 1);
	static final int TOGGLES = env("BENCH_TOGGLES", 200);
	static final int WARMUP_TOGGLES = env("BENCH_WARMUP_TOGGLES", 20);
	static final int SETTLE_MS = env("BENCH_SETTLE_MS", 20);
	static final int POLL_US = env("BENCH_POLL_US", 200);
	static final int STARTUP_POLL_US = env("BENCH_STARTUP_POLL_US", 1000);
	static final int TIMEOUT_S = env("BENCH_TIMEOUT_S", 60);
	static final boolean PK_FIXED_PORT = env("BENCH_PK_FIXED_PORT", 0) != 0;
	static final boolean KEEP = env("BENCH_KEEP", 0) != 0;
	static final List<String> JAVA_OPTS = words(System.getenv("BENCH_JAVA_OPTS"));
	static final int PLUGINS = env("BENCH_PLUGINS", 1000);
	static final int PLUGIN_RUNS = env("BENCH_PLUGIN_RUNS", 3);
	static final int PLUGIN_WARMUP_RUNS = env("BENCH_PLUGIN_WARMUP_RUNS", 0);
	static final int PLUGIN_TIMEOUT_S = env("BENCH_PLUGIN_TIMEOUT_S", 300);
	static final int HEALTH_POLL_MS = env("BENCH_HEALTH_POLL_MS", 50);
	static final int WRK_THREADS = env("BENCH_WRK_THREADS", 2);
	static final int WRK_CONNECTIONS = env("BENCH_WRK_CONNECTIONS", 16);
	static final int WRK_SECONDS = env("BENCH_WRK_DURATION_S", 6);
	static final int WRK_WARMUP_SECONDS = env("BENCH_WRK_WARMUP_S", 10);
	static final int WRK_ROUNDS = env("BENCH_WRK_ROUNDS", 5);
	static final int HOOKS = env("BENCH_HOOKS", 10);

	static final String PK_ROUTE = "/limit";
	static final String PK_PLUGIN = "helloworld";
	static final String BARE_ROUTE = "/hello";
	static final String BARE_BUNDLE = "io.pluginkit.bench.hello";
	static final Pattern STARTED = Pattern.compile("PluginKit \\S+ started in (\\d+) ms on (\\S+)(?:.*?(\\d+) plugins? enabled)?");
	static final Pattern INSTALLED = Pattern.compile("bench-installer: (\\d+) bundles ACTIVE \\((.*)\\)|bench-installer: (.*)");
	static final Pattern PF4J_STARTED = Pattern.compile("PF4J: (\\d+) plugins STARTED, (\\d+) extensions \\((.*)\\)");
	static final Pattern HEALTH_STATUS = Pattern.compile("\"status\"\\s*:\\s*\"(\\w+)\"");
	static final Pattern HEALTH_ENABLED = Pattern.compile("\"enabled\"\\s*:\\s*(\\d+)");

	/** What the shutdown hook must kill and delete when the harness is stopped midway. */
	static final List<Startup> LIVE = new CopyOnWriteArrayList<>();
	static final List<Process> TOOLS = new CopyOnWriteArrayList<>();
	static final List<Path> FOLDERS = new CopyOnWriteArrayList<>();
	static volatile boolean stopping;
	static final List<String> NOTES = new ArrayList<>();
	static final Map<String, Integer> LOG_LINES = new LinkedHashMap<>();
	// The direct executor completes a response on the selector thread: one thread hop less per poll.
	static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(Duration.ofSeconds(2)).followRedirects(HttpClient.Redirect.NEVER).executor(Runnable::run)
		.build();

	final Path root;
	final Path pluginkitJar;
	final Path pluginsDir;
	final Path bareJar;
	final Path helloJar;
	final Path pf4jClasses;
	final Path pf4jLib;
	final Path java = Path.of(System.getProperty("java.home"), "bin", "java");
	Plugins plugins;

	Bench(Path root) {
		this.root = root;
		pluginkitJar = root.resolve("bndrun/target/pluginkit.jar");
		pluginsDir = root.resolve("bndrun/target/plugins");
		bareJar = root.resolve("bench/bare/target/bare.jar");
		helloJar = root.resolve("bench/hello/target/hello-1.0.0-SNAPSHOT.jar");
		pf4jClasses = root.resolve("bench/pf4j/target/classes");
		pf4jLib = root.resolve("bench/pf4j/target/lib");
	}

	public static void main(String[] args) throws Exception {
		if (RUNS < 1 || TOGGLES < 2 || WARMUP_RUNS < 0 || WARMUP_TOGGLES < 0 || PLUGIN_RUNS < 1 || WRK_ROUNDS < 1
			|| WRK_SECONDS < 1 || PLUGINS < 1 || HOOKS < 0) {
			throw new IllegalArgumentException("BENCH_RUNS, BENCH_PLUGIN_RUNS, BENCH_PLUGINS, BENCH_WRK_ROUNDS and "
				+ "BENCH_WRK_DURATION_S must be >= 1, BENCH_TOGGLES >= 2 (warm-ups and BENCH_HOOKS >= 0)");
		}
		Runtime.getRuntime().addShutdownHook(new Thread(Bench::killAll, "bench-cleanup"));
		Bench bench = new Bench(Path.of(args.length > 0 ? args[0] : ".").toAbsolutePath().normalize());
		for (Path file : List.of(bench.pluginkitJar, bench.bareJar, bench.helloJar, bench.pf4jClasses, bench.pf4jLib)) {
			if (!Files.exists(file)) {
				throw new IllegalStateException(file + " is missing: run bench/run.sh, which builds it");
			}
		}
		String table;
		try {
			table = bench.run();
		} catch (Exception e) {
			if (stopping) {
				return; // stopped midway (Ctrl+C, SIGTERM): the failure is the shutdown's doing
			}
			throw e;
		}
		System.out.print(table);
		System.out.flush();
		for (String note : NOTES) {
			System.err.println("note: " + note);
		}
		LOG_LINES.forEach((line, count) -> System.err.println("note: " + count + " x in the output of " + line));
	}

	String run() throws Exception {
		warmUpClient();
		Path generated = Files.createTempDirectory("pluginkit-bench-plugins-");
		FOLDERS.add(generated);
		plugins = new Plugins(this, generated);
		Table table = new Table();
		try {
			if (ROWS.contains("startup")) {
				startupRows(table);
			}
			if (ROWS.contains("toggles")) {
				toggleRows(table);
			}
			if (ROWS.contains("plugins")) {
				pluginRows(table);
			}
			if (ROWS.contains("throughput")) {
				throughputRows(table);
			}
			if (ROWS.contains("templates")) {
				templateRows(table);
			}
		} finally {
			if (KEEP) {
				log("kept %s", generated);
			} else {
				deleteTree(generated);
			}
			FOLDERS.remove(generated);
		}
		return table.toString();
	}

	// ---- startup ------------------------------------------------------------------------------------

	/** PluginKit and bare alternate, and which goes first alternates too, so that load from elsewhere hits both alike. */
	void startupRows(Table table) throws Exception {
		List<Double> pkStart = new ArrayList<>();
		List<Double> bareStart = new ArrayList<>();
		List<Double> pkSelfReported = new ArrayList<>();
		List<Double> pkFirstRequest = new ArrayList<>();
		for (int i = -WARMUP_RUNS; i < RUNS; i++) {
			String label = i < 0 ? "warm-up" : "run " + (i + 1) + "/" + RUNS;
			Startup pk;
			Startup bare;
			if (i % 2 == 0) {
				pk = startPluginKit(false, pluginsDir, null, PK_ROUTE, -1);
				pk.stop();
				bare = startBare(null);
				bare.stop();
			} else {
				bare = startBare(null);
				bare.stop();
				pk = startPluginKit(false, pluginsDir, null, PK_ROUTE, -1);
				pk.stop();
			}
			log("startup %s: PluginKit %.0f ms (port file at %s ms, says started in %s ms, %d polls answered before "
				+ "the 200), bare %.0f ms (%d)", label, pk.millis, Double.isNaN(pk.portFileMillis) ? "-"
					: String.format(Locale.ROOT, "%.0f", pk.portFileMillis), pk.selfReported, pk.earlyAnswers,
				bare.millis, bare.earlyAnswers);
			if (i >= 0) {
				pkStart.add(pk.millis);
				bareStart.add(bare.millis);
				if (!Double.isNaN(pk.portFileMillis)) {
					pkFirstRequest.add(pk.millis - pk.portFileMillis);
				}
				if (pk.selfReported != null) {
					pkSelfReported.add(pk.selfReported.doubleValue());
				}
			}
		}
		if (!pkSelfReported.isEmpty()) {
			NOTES.add(String.format(Locale.ROOT, "PluginKit's own \"started in\" line (JVM uptime): median %.0f ms",
				median(pkSelfReported)));
		}
		if (!pkFirstRequest.isEmpty()) {
			NOTES.add(String.format(Locale.ROOT, "PluginKit, from its port file appearing to the first 200 of %s "
				+ "(one cold request through Jetty and the web chain): median %.0f ms", PK_ROUTE, median(pkFirstRequest)));
		}
		double ratio = median(pairRatios(pkStart, bareStart));
		table.row("startup to first HTTP 200, median (min-max) of " + pkStart.size() + " runs", startup(pkStart),
			startup(bareStart), "-", String.format(Locale.ROOT, "%.2fx / <= 1.1x %s", ratio, verdict(ratio <= 1.1)));
	}

	/** A started process, the time from launch to being ready, and how to reach it. */
	static final class Startup {
		Process process;
		Path dir;
		Path log;
		LogTail tail;
		OutputStream stdin;
		int port;
		URI route;
		double millis;
		/** Answers other than 200 and 404 while toggling (status, or -1 for an I/O error), and how many. */
		final Map<Integer, Integer> otherAnswers = new TreeMap<>();
		/** Requests the process answered (not with 200) while starting: work the polling put on it. */
		int earlyAnswers;
		/** PluginKit with port 0: ms from launch until its port file appeared (then the first request went out). */
		double portFileMillis = Double.NaN;
		Long selfReported;
		/** What a peer said in its "done" line (its own timings). */
		String said;

		URI uri(String path) {
			return URI.create("http://127.0.0.1:" + port + path);
		}

		void command(String line) throws IOException {
			stdin.write((line + "\n").getBytes(StandardCharsets.UTF_8));
			stdin.flush();
		}

		void stop() throws IOException, InterruptedException {
			Bench.stop(process);
			scanLog(log);
			if (KEEP) {
				log("kept %s", dir);
			} else {
				deleteTree(dir);
			}
			LIVE.remove(this);
		}
	}

	/**
	 * {@code java -jar pluginkit.jar} with the given plugins folder, port 0 (unless BENCH_PK_FIXED_PORT) and a
	 * data folder ({@code data}, or a fresh one). With {@code enabled < 0}, ready when {@code route} answers
	 * 200. Else ready when PluginKit prints its startup line, which must count {@code enabled} plugins enabled
	 * (as the peers print one line when done; no polling loads it meanwhile); then, untimed, {@code /health}
	 * must say UP with as many, and {@code route} (unless null) answer 200.
	 */
	Startup startPluginKit(boolean console, Path plugins, Path data, String route, int enabled) throws Exception {
		Startup s = new Startup();
		s.dir = Files.createTempDirectory("pluginkit-bench-");
		Path dataDir = data != null ? data : s.dir.resolve("data");
		int fixedPort = PK_FIXED_PORT ? freePort() : 0;
		List<String> cmd = javaCommand(s.dir);
		cmd.addAll(List.of("-Dorg.osgi.service.http.port=" + fixedPort, "-Dpluginkit.data.dir=" + dataDir,
			"-Dpluginkit.plugins.dir=" + plugins,
			// the console must be on for the toggles: pluginkit.shell=false means stdin is not read at all
			"-Dpluginkit.shell=" + console, "-jar", pluginkitJar.toString()));
		long t0 = launch(s, cmd);
		long deadline = t0 + TimeUnit.SECONDS.toNanos(enabled >= 0 ? PLUGIN_TIMEOUT_S : TIMEOUT_S);
		Path portFile = dataDir.resolve("http.port");
		if (enabled >= 0) {
			Matcher line = awaitLine(s, STARTED, deadline, "the startup line");
			s.millis = (System.nanoTime() - t0) / 1e6;
			s.selfReported = Long.valueOf(line.group(1));
			if (line.group(3) == null || Integer.parseInt(line.group(3)) != enabled) {
				throw new IllegalStateException("PluginKit did not start with " + enabled + " plugins enabled:\n"
					+ tail(s.log));
			}
			s.port = fixedPort != 0 ? fixedPort : readPort(portFile);
			awaitHealth(s, enabled, deadline);
			if (route != null) {
				s.route = s.uri(route);
				awaitStatus(s, 200, STARTUP_POLL_US, deadline, false);
			}
			return s;
		}
		s.port = fixedPort;
		while (s.port == 0) {
			s.port = readPort(portFile);
			if (s.port == 0) {
				pause(STARTUP_POLL_US, s, deadline, "PluginKit to write " + portFile);
			}
		}
		if (fixedPort == 0) {
			s.portFileMillis = (System.nanoTime() - t0) / 1e6;
		}
		s.route = s.uri(route);
		s.millis = (awaitStatus(s, 200, STARTUP_POLL_US, deadline, false) - t0) / 1e6;
		s.selfReported = awaitStartedLine(s, deadline);
		return s;
	}

	/**
	 * {@code java -jar bare.jar} on a free port chosen here (bare Felix has no port file); Gogo reads stdin. With
	 * {@code install}, its installer bundle installs and starts that folder's jars: ready when it says they are
	 * ACTIVE; else ready when {@code /hello} answers 200.
	 */
	Startup startBare(Path install) throws Exception {
		return startBare(install, null);
	}

	/**
	 * Bare Felix, as {@link #startBare(Path)}; with {@code storage}, its framework storage there, kept after it
	 * stops ({@code launch.keep}), so that the next start with the same storage is a warm restart.
	 */
	Startup startBare(Path install, Path storage) throws Exception {
		Startup s = new Startup();
		s.dir = Files.createTempDirectory("bare-felix-bench-");
		s.port = freePort();
		List<String> cmd = javaCommand(s.dir);
		if (storage != null) {
			cmd.add("-Dlaunch.keep=true");
			cmd.add("-Dlaunch.storage.dir=" + storage);
		}
		cmd.add("-Dorg.osgi.service.http.port=" + s.port);
		if (install != null) {
			cmd.add("-Dbench.install.dir=" + install);
		}
		cmd.addAll(List.of("-jar", bareJar.toString()));
		long t0 = launch(s, cmd);
		s.route = s.uri(BARE_ROUTE);
		long t1;
		if (install == null) {
			t1 = awaitStatus(s, 200, STARTUP_POLL_US, t0 + TimeUnit.SECONDS.toNanos(TIMEOUT_S), false);
		} else {
			Matcher m = awaitLine(s, INSTALLED, t0 + TimeUnit.SECONDS.toNanos(PLUGIN_TIMEOUT_S), "the installer's line");
			t1 = System.nanoTime();
			if (m.group(1) == null) {
				throw new IllegalStateException("bare Felix: " + m.group(0) + "\n" + tail(s.log));
			}
			s.said = m.group(1) + " ACTIVE (" + m.group(2) + ")";
		}
		s.millis = (t1 - t0) / 1e6;
		return s;
	}

	/** The PF4J host on a folder of PF4J plugins: ready when it says it has started them all. */
	Startup startPf4j(Path plugins, int expected) throws Exception {
		Startup s = new Startup();
		s.dir = Files.createTempDirectory("pf4j-bench-");
		List<String> cmd = javaCommand(s.dir);
		cmd.addAll(List.of("-cp", pf4jClasses + File.pathSeparator + pf4jLib.resolve("*"),
			"io.pluginkit.bench.pf4j.Host", plugins.toString()));
		long t0 = launch(s, cmd);
		Matcher m = awaitLine(s, PF4J_STARTED, t0 + TimeUnit.SECONDS.toNanos(PLUGIN_TIMEOUT_S), "PF4J's line");
		long t1 = System.nanoTime();
		if (Integer.parseInt(m.group(1)) != expected || Integer.parseInt(m.group(2)) != expected) {
			throw new IllegalStateException("PF4J started " + m.group(1) + " plugins and " + m.group(2)
				+ " extensions, not " + expected + ":\n" + tail(s.log));
		}
		s.said = m.group(3);
		s.millis = (t1 - t0) / 1e6;
		return s;
	}

	List<String> javaCommand(Path dir) {
		List<String> cmd = new ArrayList<>();
		cmd.add(java.toString());
		cmd.addAll(JAVA_OPTS);
		cmd.add("-Djava.io.tmpdir=" + dir);
		return cmd;
	}

	/**
	 * Starts the process with stdin a pipe that stays open (as a FIFO would: end of input never comes) and
	 * stdout/stderr into a log file. Returns the nanoTime taken just before the launch.
	 */
	static long launch(Startup s, List<String> cmd) throws IOException {
		s.log = s.dir.resolve("out.log");
		s.tail = new LogTail(s.log);
		ProcessBuilder pb = new ProcessBuilder(cmd).directory(s.dir.toFile()).redirectErrorStream(true)
			.redirectOutput(s.log.toFile()).redirectInput(ProcessBuilder.Redirect.PIPE);
		LIVE.add(s);
		long t0 = System.nanoTime();
		s.process = pb.start();
		s.stdin = s.process.getOutputStream();
		return t0;
	}

	static int readPort(Path portFile) {
		try {
			String text = Files.readString(portFile).trim();
			return text.isEmpty() ? 0 : Integer.parseInt(text);
		} catch (IOException | NumberFormatException e) {
			return 0;
		}
	}

	Long awaitStartedLine(Startup s, long deadline) throws Exception {
		try {
			return Long.valueOf(awaitLine(s, STARTED, deadline, "the startup line").group(1));
		} catch (IllegalStateException e) {
			NOTES.add("PluginKit printed no \"PluginKit ... started in N ms on ...\" line (" + s.log + ")");
			return null;
		}
	}

	/** Waits for a line of the process's output that matches; polls the log every 2 ms, reading only what is new. */
	static Matcher awaitLine(Startup s, Pattern line, long deadline, String what) throws IOException {
		while (true) {
			Matcher m = s.tail.next(line);
			if (m != null) {
				return m;
			}
			pause(2000, s, deadline, what);
		}
	}

	/** The lines a process appends to its log, read from where the last call stopped. */
	static final class LogTail {
		private final Path log;
		private long position;
		private final StringBuilder partial = new StringBuilder();

		LogTail(Path log) {
			this.log = log;
		}

		/** The first new complete line that matches, or null; the lines before it are consumed. */
		Matcher next(Pattern pattern) throws IOException {
			if (!Files.exists(log)) {
				return null;
			}
			try (SeekableByteChannel channel = Files.newByteChannel(log)) {
				long size = channel.size();
				if (size > position) {
					channel.position(position);
					ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(size - position, 1 << 20));
					int n = channel.read(buffer);
					position += Math.max(n, 0);
					// ISO-8859-1 maps each byte to one char: a UTF-8 sequence split between reads stays intact
					partial.append(new String(buffer.array(), 0, Math.max(n, 0), StandardCharsets.ISO_8859_1));
				}
			}
			for (int nl = partial.indexOf("\n"); nl >= 0; nl = partial.indexOf("\n")) {
				String line = partial.substring(0, nl);
				partial.delete(0, nl + 1);
				Matcher m = pattern.matcher(line);
				if (m.find()) {
					return m;
				}
			}
			return null;
		}
	}

	// ---- enable/disable ---------------------------------------------------------------------------

	/** Latencies in ms from writing the command until the route answers 404 (off) or 200 (on). */
	record Toggles(List<Double> off, List<Double> on, Map<Integer, Integer> otherAnswers) {
		List<Double> all() {
			List<Double> all = new ArrayList<>(off);
			all.addAll(on);
			return all;
		}
	}

	void toggleRows(Table table) throws Exception {
		Toggles[] toggles = toggleBoth();
		Toggles pk = toggles[0];
		Toggles bare = toggles[1];
		List<Double> pkAll = pk.all();
		List<Double> bareAll = bare.all();
		int n = pkAll.size();
		double pkP50 = percentile(pkAll, 50);
		double pkP99 = percentile(pkAll, 99);
		table.row("enable/disable p50, command until 200/404 (" + n + " toggles)", ms(pkP50),
			ms(percentile(bareAll, 50)), "-", String.format(Locale.ROOT, "%.2fx / <= 1.2x %s",
				pkP50 / percentile(bareAll, 50), verdict(pkP50 <= 1.2 * percentile(bareAll, 50))));
		table.row("enable/disable p99, command until 200/404 (" + n + " toggles)", ms(pkP99),
			ms(percentile(bareAll, 99)), "-", String.format(Locale.ROOT, "%.2fx / <= 20 ms %s",
				pkP99 / percentile(bareAll, 99), verdict(pkP99 <= 20)));
		table.row("disable p50 / p99 / max (until 404)", spread(pk.off()), spread(bare.off()), "-", "-");
		table.row("enable p50 / p99 / max (until 200)", spread(pk.on()), spread(bare.on()), "-", "-");
		table.row("answers other than 200/404 while toggling", answers(pk.otherAnswers()),
			answers(bare.otherAnswers()), "-", "0 wanted (DESIGN: no failed request)");
	}

	/**
	 * Both processes up side by side; each round toggles PluginKit's plugin off and on, then the bare
	 * servlet bundle off and on, so that load from elsewhere on the machine hits both alike.
	 */
	Toggles[] toggleBoth() throws Exception {
		Startup pk = startPluginKit(true, pluginsDir, null, PK_ROUTE, -1);
		Startup bare = null;
		try {
			bare = startBare(null);
			long id = bundleId(bare, BARE_BUNDLE);
			NOTES.add(String.format(Locale.ROOT, "one poll (GET round trip, keep-alive) takes %.2f ms median on "
				+ "PluginKit, %.2f ms on bare Felix: the resolution of the toggle figures", pollRoundTrip(pk),
				pollRoundTrip(bare)));
			Toggler pkToggler = new Toggler(pk, "plugin:disable " + PK_PLUGIN, "plugin:enable " + PK_PLUGIN);
			Toggler bareToggler = new Toggler(bare, "stop " + id, "start " + id);
			int pairs = (TOGGLES + 1) / 2;
			for (int i = -(WARMUP_TOGGLES + 1) / 2; i < pairs; i++) {
				pkToggler.offAndOn(i >= 0);
				bareToggler.offAndOn(i >= 0);
			}
			Toggles[] result = { pkToggler.result(), bareToggler.result() };
			log("toggles PluginKit: off p50 %.1f ms, on p50 %.1f ms; bare Felix: off p50 %.1f ms, on p50 %.1f ms",
				percentile(result[0].off(), 50), percentile(result[0].on(), 50), percentile(result[1].off(), 50),
				percentile(result[1].on(), 50));
			return result;
		} finally {
			pk.stop();
			if (bare != null) {
				bare.stop();
			}
		}
	}

	/** Asks Gogo's {@code lb -s} for the bundle's id ({@code start} takes an id or a URL, not a name). */
	static long bundleId(Startup s, String symbolicName) throws Exception {
		s.command("lb -s " + symbolicName);
		Pattern line = Pattern.compile("^\\s*(?:g! )*\\s*(\\d+)\\|[^|]*\\|[^|]*\\|" + Pattern.quote(symbolicName) + "[ (|]");
		return Long.parseLong(awaitLine(s, line, System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_S),
			"'lb -s " + symbolicName + "' to list the bundle").group(1));
	}

	/** Turns one route off and on with console commands, recording each latency after the warm-up. */
	record Toggler(Startup s, String offCommand, String onCommand, List<Double> off, List<Double> on) {
		Toggler(Startup s, String offCommand, String onCommand) {
			this(s, offCommand, onCommand, new ArrayList<>(), new ArrayList<>());
		}

		void offAndOn(boolean record) throws Exception {
			double offMs = timeCommand(s, offCommand, 404);
			double onMs = timeCommand(s, onCommand, 200);
			if (record) {
				off.add(offMs);
				on.add(onMs);
			}
		}

		Toggles result() {
			return new Toggles(off, on, s.otherAnswers);
		}
	}

	static double timeCommand(Startup s, String command, int expected) throws Exception {
		long t0 = System.nanoTime();
		s.command(command);
		long t1 = awaitStatus(s, expected, POLL_US, t0 + TimeUnit.SECONDS.toNanos(TIMEOUT_S), true);
		// let the command finish its work (state file, log line) before the next one is written
		Thread.sleep(SETTLE_MS);
		return (t1 - t0) / 1e6;
	}

	// ---- 1,000 plugins ----------------------------------------------------------------------------

	/**
	 * Cold start with the same {@code BENCH_PLUGINS} trivial plugins: PluginKit with them in its hot-deploy
	 * folder and a fresh data folder, until {@code /health} says UP with all of them enabled; bare Felix
	 * installing and starting the same jars, until its installer says all are ACTIVE; PF4J loading and starting
	 * as many PF4J plugins, until it says all are STARTED. Then a warm restart: PluginKit again on the data the
	 * cold run left (SIGTERM, then the same command), against PF4J again (it keeps no state). Each round
	 * rotates who goes first.
	 */
	void pluginRows(Table table) throws Exception {
		Path osgi = plugins.trivialOsgiPlugins(PLUGINS);
		Path pf4j = plugins.trivialPf4jPlugins(PLUGINS);
		List<Double> pkCold = new ArrayList<>();
		List<Double> bareCold = new ArrayList<>();
		List<Double> pf4jCold = new ArrayList<>();
		List<Double> pkWarm = new ArrayList<>();
		List<Double> bareWarm = new ArrayList<>();
		List<Double> pf4jWarm = new ArrayList<>();
		List<Double> pkColdSelf = new ArrayList<>();
		List<Double> pkWarmSelf = new ArrayList<>();
		String bareSaid = null;
		String pf4jSaid = null;
		for (int i = -PLUGIN_WARMUP_RUNS; i < PLUGIN_RUNS; i++) {
			String label = i < 0 ? "warm-up" : "run " + (i + 1) + "/" + PLUGIN_RUNS;
			Path data = plugins.folder().resolve("pluginkit-data");
			deleteTree(data);
			Path bareStorage = plugins.folder().resolve("bare-storage");
			deleteTree(bareStorage);
			double[] cold = new double[3];
			Startup pkColdRun = null;
			for (int k = 0; k < 3; k++) {
				int who = Math.floorMod(i + k, 3);
				if (who == 0) {
					pkColdRun = startPluginKit(false, osgi, data, null, PLUGINS);
					pkColdRun.stop();
					cold[0] = pkColdRun.millis;
				} else if (who == 1) {
					Startup bare = startBare(osgi, bareStorage);
					bare.stop();
					cold[1] = bare.millis;
					bareSaid = bare.said;
				} else {
					Startup p = startPf4j(pf4j, PLUGINS);
					p.stop();
					cold[2] = p.millis;
					pf4jSaid = p.said;
				}
			}
			double[] warm = new double[3];
			Startup pkWarmRun = null;
			for (int k = 0; k < 3; k++) {
				int who = Math.floorMod(i + k, 3);
				if (who == 0) {
					pkWarmRun = startPluginKit(false, osgi, data, null, PLUGINS);
					pkWarmRun.stop();
					warm[0] = pkWarmRun.millis;
				} else if (who == 1) {
					Startup bare = startBare(osgi, bareStorage);
					bare.stop();
					warm[2] = bare.millis;
				} else {
					Startup p = startPf4j(pf4j, PLUGINS);
					p.stop();
					warm[1] = p.millis;
				}
			}
			deleteTree(data);
			deleteTree(bareStorage);
			log("%d plugins %s: cold PluginKit %.0f ms (says started in %s ms), bare Felix %.0f ms (%s), PF4J %.0f ms "
				+ "(%s); warm PluginKit %.0f ms (says %s ms), bare Felix %.0f ms, PF4J %.0f ms", PLUGINS, label, cold[0],
				pkColdRun.selfReported, cold[1], bareSaid, cold[2], pf4jSaid, warm[0], pkWarmRun.selfReported, warm[2],
				warm[1]);
			if (i >= 0) {
				pkCold.add(cold[0]);
				bareCold.add(cold[1]);
				pf4jCold.add(cold[2]);
				pkWarm.add(warm[0]);
				pf4jWarm.add(warm[1]);
				bareWarm.add(warm[2]);
				if (pkColdRun.selfReported != null) {
					pkColdSelf.add(pkColdRun.selfReported.doubleValue());
				}
				if (pkWarmRun.selfReported != null) {
					pkWarmSelf.add(pkWarmRun.selfReported.doubleValue());
				}
			}
		}
		if (!pkColdSelf.isEmpty() && !pkWarmSelf.isEmpty()) {
			NOTES.add(String.format(Locale.ROOT, "%d plugins: PluginKit's own \"started in\" line: median %.0f ms cold, "
				+ "%.0f ms warm", PLUGINS, median(pkColdSelf), median(pkWarmSelf)));
		}
		NOTES.add(PLUGINS + " plugins, last run: bare Felix's installer said " + bareSaid + "; PF4J said " + pf4jSaid);
		String n = String.format(Locale.ROOT, "%,d", PLUGINS);
		double coldRatio = median(pairRatios(pkCold, bareCold));
		table.row("cold start, " + n + " trivial plugins, launch until all enabled / ACTIVE / STARTED, median (min-max) of "
			+ pkCold.size() + " runs", startup(pkCold), startup(bareCold), startup(pf4jCold),
			String.format(Locale.ROOT, "%.2fx bare / <= 1.1x %s (%.1fx PF4J)", coldRatio, verdict(coldRatio <= 1.1),
				median(pairRatios(pkCold, pf4jCold))));
		double warmRatio = median(pairRatios(pkWarm, pf4jWarm));
		table.row("warm restart (data and framework cache kept), " + n + " plugins, median (min-max) of " + pkWarm.size()
			+ " runs", startup(pkWarm), startup(bareWarm), startup(pf4jWarm),
			String.format(Locale.ROOT, "%.2fx PF4J / <= 1.0x %s (%.2fx bare Felix warm)", warmRatio,
				verdict(warmRatio <= 1.0), median(pairRatios(pkWarm, bareWarm))));
	}

	// ---- throughput -------------------------------------------------------------------------------

	/** Whether the throughput rows include PluginKit with a {@code pluginkit/monitoring} listener ({@code BENCH_MONITORING}). */
	static final boolean MONITORING = env("BENCH_MONITORING", 1) > 0;

	/** One wrk run: requests per second, latency percentiles, and requests that failed. */
	record WrkResult(double requestsPerSecond, double p50Ms, double p99Ms, long errors, long non2xx) {
	}

	/**
	 * The same servlet ({@code bench/hello}, {@code GET /hello}) on bare Felix, as a PluginKit plugin, and as a
	 * PluginKit plugin beside a plugin of {@code BENCH_HOOKS} no-op request hooks, the three up side by side:
	 * one unrecorded warm-up run against each, then each round runs wrk against each in turn (rotating who
	 * goes first). Ratios are taken within a round, where the runs are seconds apart, then their median.
	 */
	void throughputRows(Table table) throws Exception {
		String wrkSettings = "wrk -t" + WRK_THREADS + " -c" + WRK_CONNECTIONS + " -d" + WRK_SECONDS + "s";
		if (!onPath("wrk")) {
			NOTES.add("wrk is not installed (Debian: apt-get install wrk): no throughput rows");
			table.row("throughput, GET /hello (" + wrkSettings + ")", "(no wrk)", "(no wrk)", "-", "-");
			return;
		}
		Path plain = plugins.webPlugins(0);
		Path hooked = HOOKS > 0 ? plugins.webPlugins(HOOKS) : null;
		List<Startup> started = new ArrayList<>();
		try {
			List<String> names = new ArrayList<>();
			Startup bare = startBare(null);
			started.add(bare);
			names.add("bare Felix");
			Startup pk = startPluginKit(false, plain, null, BARE_ROUTE, 1);
			started.add(pk);
			names.add("PluginKit");
			int hooksAt = -1;
			if (hooked != null) {
				started.add(startPluginKit(false, hooked, null, BARE_ROUTE, 2));
				names.add("PluginKit + " + HOOKS + " hooks");
				hooksAt = started.size() - 1;
			}
			int monitoredAt = -1;
			if (MONITORING) {
				started.add(startPluginKit(false, plugins.monitoredWebPlugins(), null, BARE_ROUTE, 2));
				names.add("PluginKit + a monitoring listener");
				monitoredAt = started.size() - 1;
			}
			if (WRK_WARMUP_SECONDS > 0) {
				for (Startup s : started) {
					wrk(s.uri(BARE_ROUTE), WRK_WARMUP_SECONDS); // JIT and pools warm, once per process
				}
			}
			List<List<WrkResult>> results = new ArrayList<>();
			for (int i = 0; i < started.size(); i++) {
				results.add(new ArrayList<>());
			}
			for (int round = 0; round < WRK_ROUNDS; round++) {
				for (int k = 0; k < started.size(); k++) {
					int who = (round + k) % started.size();
					WrkResult r = wrk(started.get(who).uri(BARE_ROUTE), WRK_SECONDS);
					results.get(who).add(r);
					log("throughput round %d/%d, %s: %.0f req/s, p50 %.2f ms, p99 %.2f ms, %d errors, %d non-2xx",
						round + 1, WRK_ROUNDS, names.get(who), r.requestsPerSecond(), r.p50Ms(), r.p99Ms(), r.errors(),
						r.non2xx());
				}
			}
			// ratios taken round by round (the runs of one round are seconds apart), then their median
			double ratio = median(pairRatios(rps(results.get(1)), rps(results.get(0))));
			String title = "throughput, GET /hello (" + wrkSettings + ", loopback), median of " + WRK_ROUNDS + " rounds";
			table.row(title, throughput(results.get(1)), throughput(results.get(0)), "-",
				String.format(Locale.ROOT, "%.2fx bare / >= 0.95x %s", ratio, verdict(ratio >= 0.95)));
			if (hooksAt >= 0) {
				double cost = 1 - median(pairRatios(rps(results.get(hooksAt)), rps(results.get(1))));
				table.row("throughput with " + HOOKS + " no-op request hooks, same settings", throughput(results.get(hooksAt)),
					"-", "-", String.format(Locale.ROOT, "costs %.1f%% / <= 5%% %s", cost * 100, verdict(cost <= 0.05)));
			}
			if (monitoredAt >= 0) {
				double cost = 1 - median(pairRatios(rps(results.get(monitoredAt)), rps(results.get(1))));
				table.row("throughput with one pluginkit/monitoring listener (a point per request, in batches), same settings",
					throughput(results.get(monitoredAt)), "-", "-",
					String.format(Locale.ROOT, "costs %.1f%% / <= 5%% %s", cost * 100, verdict(cost <= 0.05)));
			}
			long failed = results.stream().flatMap(List::stream).mapToLong(r -> r.errors() + r.non2xx()).sum();
			if (failed > 0) {
				NOTES.add("throughput: " + failed + " requests failed (socket errors or non-2xx): see the progress lines");
			}
		} finally {
			for (Startup s : started) {
				s.stop();
			}
		}
	}

	// ---- templates ----------------------------------------------------------------------------------

	static final int TEPS = env("BENCH_TEPS", 10);
	static final String JMH_ARGS = System.getenv().getOrDefault("BENCH_JMH_ARGS", "-f 1 -wi 3 -w 2s -i 5 -r 2s");
	static final Pattern JMH_LINE = Pattern.compile("(?m)^LandingPageRender\\.(\\w+)\\s+thrpt\\s+\\d+\\s+([\\d.,]+)");

	/** The template engine rows: JMH (Pebble against FreeMarker), then the landing page against a static page. */
	void templateRows(Table table) throws Exception {
		Path classes = root.resolve("bench/templates/target/classes");
		Path lib = root.resolve("bench/templates/target/lib");
		if (!Files.isDirectory(lib)) {
			NOTES.add("bench/templates is not built (mvn -f bench/pom.xml package): no template engine row");
		} else {
			List<String> cmd = new ArrayList<>(List.of(java.toString(), "-cp", classes + File.pathSeparator + lib + "/*",
				"org.openjdk.jmh.Main", "LandingPageRender"));
			cmd.addAll(Arrays.asList(JMH_ARGS.trim().split("\\s+")));
			log("JMH: %s", String.join(" ", cmd));
			Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
			TOOLS.add(p);
			String out;
			try {
				out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
				p.waitFor();
			} finally {
				TOOLS.remove(p);
			}
			Map<String, Double> score = new TreeMap<>();
			for (Matcher m = JMH_LINE.matcher(out); m.find();) {
				score.put(m.group(1), Double.parseDouble(m.group(2).replace(",", "")));
			}
			if (!score.containsKey("pebble") || !score.containsKey("freemarker")) {
				throw new IllegalStateException("JMH printed no scores for pebble and freemarker:\n" + out);
			}
			table.row("template engine: landing page + " + TEPS + " fragments, autoescaping, pages/s (JMH, 1 thread)",
				String.format(Locale.ROOT, "Pebble 4.1.2: %,.0f/s", score.get("pebble")), "-", "-",
				String.format(Locale.ROOT, "%.2fx FreeMarker 2.3.34 (%,.0f/s)", score.get("pebble") / score.get("freemarker"),
					score.get("freemarker")));
		}
		landingPageRow(table);
	}

	/**
	 * {@code GET /} with {@code BENCH_TEPS} template extensions in {@code index_content} against the same bytes as a
	 * static file ({@code /static/static-page/landing.html}) of the same PluginKit process, alternating round by round.
	 */
	void landingPageRow(Table table) throws Exception {
		String wrkSettings = "wrk -t" + WRK_THREADS + " -c" + WRK_CONNECTIONS + " -d" + WRK_SECONDS + "s";
		String title = "throughput, GET / with " + TEPS + " template contributions vs the same page as a static file ("
			+ wrkSettings + ")";
		if (!onPath("wrk")) {
			table.row(title, "(no wrk)", "-", "-", "-");
			return;
		}
		Path dir = plugins.templatePlugins(TEPS);
		Startup pk = startPluginKit(false, dir, null, "/", -1);
		try {
			String marker = "fragment " + (TEPS - 1) + " of";
			HttpResponse<String> page = null;
			long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_S);
			while (page == null || !page.body().contains(marker)) {
				page = HTTP.send(HttpRequest.newBuilder(pk.uri("/")).build(), HttpResponse.BodyHandlers.ofString());
				pause(STARTUP_POLL_US, pk, deadline, "the landing page with its " + TEPS + " fragments");
			}
			Plugins.writeJar(dir.resolve("static-page.jar"), Plugins.bundleHeaders("io.pluginkit.bench.staticpage",
				"static-page", "the landing page as a static file"),
				Map.of("static/landing.html", page.body().getBytes(StandardCharsets.UTF_8)));
			URI staticPage = pk.uri("/static/static-page/landing.html");
			while (HTTP.send(HttpRequest.newBuilder(staticPage).build(), HttpResponse.BodyHandlers.discarding())
				.statusCode() != 200) {
				pause(STARTUP_POLL_US, pk, deadline, "the static page");
			}
			int size = HTTP.send(HttpRequest.newBuilder(pk.uri("/")).build(), HttpResponse.BodyHandlers.ofString()).body()
				.length();
			List<URI> targets = List.of(pk.uri("/"), staticPage);
			if (WRK_WARMUP_SECONDS > 0) {
				for (URI u : targets) {
					wrk(u, WRK_WARMUP_SECONDS);
				}
			}
			List<List<WrkResult>> results = List.of(new ArrayList<>(), new ArrayList<>());
			for (int round = 0; round < WRK_ROUNDS; round++) {
				for (int k = 0; k < 2; k++) {
					int who = (round + k) % 2;
					WrkResult r = wrk(targets.get(who), WRK_SECONDS);
					results.get(who).add(r);
					log("templates round %d/%d, %s: %.0f req/s, %d errors, %d non-2xx", round + 1, WRK_ROUNDS,
						who == 0 ? "landing page" : "static page", r.requestsPerSecond(), r.errors(), r.non2xx());
				}
			}
			double ratio = median(pairRatios(rps(results.get(0)), rps(results.get(1))));
			table.row(title + ", " + size + " vs " + page.body().length() + " chars, median of " + WRK_ROUNDS + " rounds",
				throughput(results.get(0)), "-", "-", String.format(Locale.ROOT, "%.2fx static (%s) / >= 0.5x %s", ratio,
					throughput(results.get(1)), verdict(ratio >= 0.5)));
		} finally {
			pk.stop();
		}
	}

	static List<Double> rps(List<WrkResult> results) {
		return results.stream().map(WrkResult::requestsPerSecond).toList();
	}

	static String throughput(List<WrkResult> results) {
		return String.format(Locale.ROOT, "%,.0f req/s (p50 %.2f ms, p99 %.2f ms)", median(rps(results)),
			median(results.stream().map(WrkResult::p50Ms).toList()), median(results.stream().map(WrkResult::p99Ms).toList()));
	}

	static final Pattern WRK_RPS = Pattern.compile("Requests/sec:\\s+([\\d.]+)");
	static final Pattern WRK_PERCENTILE = Pattern.compile("(?m)^\\s+(50|99)(?:\\.000)?%\\s+([\\d.]+)(us|ms|s)\\s*$");
	static final Pattern WRK_ERRORS = Pattern.compile("Socket errors: connect (\\d+), read (\\d+), write (\\d+), timeout (\\d+)");
	static final Pattern WRK_NON_2XX = Pattern.compile("Non-2xx or 3xx responses: (\\d+)");

	static WrkResult wrk(URI uri, int seconds) throws Exception {
		List<String> cmd = List.of("wrk", "-t" + WRK_THREADS, "-c" + WRK_CONNECTIONS, "-d" + seconds + "s", "--latency",
			uri.toString());
		Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
		TOOLS.add(p);
		try {
			String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			if (!p.waitFor(seconds + 30L, TimeUnit.SECONDS) || p.exitValue() != 0) {
				throw new IllegalStateException(String.join(" ", cmd) + " failed:\n" + out);
			}
			Matcher rps = WRK_RPS.matcher(out);
			if (!rps.find()) {
				throw new IllegalStateException(String.join(" ", cmd) + " printed no Requests/sec:\n" + out);
			}
			double p50 = Double.NaN;
			double p99 = Double.NaN;
			for (Matcher m = WRK_PERCENTILE.matcher(out); m.find();) {
				double v = Double.parseDouble(m.group(2)) * switch (m.group(3)) {
					case "us" -> 0.001;
					case "s" -> 1000;
					default -> 1;
				};
				if (m.group(1).equals("50")) {
					p50 = v;
				} else {
					p99 = v;
				}
			}
			long errors = 0;
			Matcher e = WRK_ERRORS.matcher(out);
			if (e.find()) {
				for (int g = 1; g <= 4; g++) {
					errors += Long.parseLong(e.group(g));
				}
			}
			Matcher n = WRK_NON_2XX.matcher(out);
			return new WrkResult(Double.parseDouble(rps.group(1)), p50, p99, errors, n.find() ? Long.parseLong(n.group(1)) : 0);
		} finally {
			p.destroy();
			TOOLS.remove(p);
		}
	}

	static boolean onPath(String command) {
		String path = System.getenv("PATH");
		return path != null && Arrays.stream(path.split(File.pathSeparator))
			.anyMatch(dir -> Files.isExecutable(Path.of(dir, command)));
	}

	// ---- generated plugins ------------------------------------------------------------------------

	/**
	 * Writes the plugins the rows need into one folder of this run, each kind once: trivial OSGi plugins (a
	 * real bundle with the Plugin-* headers a plugin needs and one immediate DS component, each its own
	 * symbolic name and plugin name), the same number of PF4J plugins (a {@code Plugin-Class} and one extension,
	 * classes from bench/pf4j), bench/hello as a PluginKit plugin, and a plugin of no-op request hooks. The few
	 * classes not built by Maven are compiled here with the JDK's compiler, against the api jar inside
	 * pluginkit.jar.
	 */
	static final class Plugins {
		static final String TRIVIAL = "io.pluginkit.bench.trivial.Trivial";
		static final String HOOK = "io.pluginkit.bench.hooks.Hook";
		static final String DS_EXTENDER = "osgi.extender;filter:=\"(&(osgi.extender=osgi.component)(version>=1.5.0)"
			+ "(!(version>=2.0.0)))\",osgi.ee;filter:=\"(&(osgi.ee=JavaSE)(version=17))\"";

		private final Bench bench;
		private final Path folder;

		Plugins(Bench bench, Path folder) {
			this.bench = bench;
			this.folder = folder;
		}

		Path folder() {
			return folder;
		}

		/** {@code trivial-0001.jar ...}: one immediate DS component each, nothing else. */
		Path trivialOsgiPlugins(int count) throws Exception {
			Path dir = folder.resolve("osgi-" + count);
			if (Files.isDirectory(dir)) {
				return dir;
			}
			Map<String, byte[]> classes = compile("trivial", Map.of(TRIVIAL, """
				package io.pluginkit.bench.trivial;

				/** A trivial plugin's one DS component: immediate, no service, nothing to do. */
				public class Trivial {
				}
				"""), List.of());
			byte[] component = component(TRIVIAL, TRIVIAL, null, true);
			Files.createDirectories(dir);
			for (int i = 1; i <= count; i++) {
				String id = String.format(Locale.ROOT, "%04d", i);
				Map<String, String> headers = bundleHeaders("io.pluginkit.bench.trivial.p" + id, "trivial-" + id,
					"a trivial plugin: one DS component");
				headers.put("Service-Component", "OSGI-INF/" + TRIVIAL + ".xml");
				headers.put("Require-Capability", DS_EXTENDER);
				Map<String, byte[]> entries = new LinkedHashMap<>();
				entries.put("OSGI-INF/" + TRIVIAL + ".xml", component);
				entries.putAll(classes);
				writeJar(dir.resolve("trivial-" + id + ".jar"), headers, entries);
			}
			log("generated %d trivial OSGi plugins in %s", count, dir);
			return dir;
		}

		/** {@code trivial-0001.jar ...} for PF4J: Plugin-Id, Plugin-Class and one Greeting extension each. */
		Path trivialPf4jPlugins(int count) throws Exception {
			Path dir = folder.resolve("pf4j-" + count);
			if (Files.isDirectory(dir)) {
				return dir;
			}
			Map<String, byte[]> entries = new LinkedHashMap<>();
			Path classes = bench.pf4jClasses.resolve("io/pluginkit/bench/pf4j/plugin");
			try (Stream<Path> files = Files.list(classes)) {
				for (Path c : files.filter(p -> p.toString().endsWith(".class")).sorted().toList()) {
					entries.put("io/pluginkit/bench/pf4j/plugin/" + c.getFileName(), Files.readAllBytes(c));
				}
			}
			entries.put("META-INF/extensions.idx",
				"io.pluginkit.bench.pf4j.plugin.TrivialGreeting\n".getBytes(StandardCharsets.UTF_8));
			Files.createDirectories(dir);
			for (int i = 1; i <= count; i++) {
				String id = String.format(Locale.ROOT, "%04d", i);
				Map<String, String> headers = new LinkedHashMap<>();
				headers.put("Plugin-Id", "trivial-" + id);
				headers.put("Plugin-Version", "1.0.0");
				headers.put("Plugin-Provider", "PluginKit bench");
				headers.put("Plugin-Description", "a trivial plugin: one extension");
				headers.put("Plugin-Class", "io.pluginkit.bench.pf4j.plugin.TrivialPlugin");
				writeJar(dir.resolve("trivial-" + id + ".jar"), headers, entries);
			}
			log("generated %d trivial PF4J plugins in %s", count, dir);
			return dir;
		}

		/** A hot-deploy folder with bench/hello as the plugin {@code hello}, and with {@code hooks} no-op hooks beside it. */
		Path webPlugins(int hooks) throws Exception {
			Path dir = folder.resolve(hooks == 0 ? "web" : "web-" + hooks + "-hooks");
			if (Files.isDirectory(dir)) {
				return dir;
			}
			Files.createDirectories(dir);
			try (JarFile hello = new JarFile(bench.helloJar.toFile())) {
				Map<String, String> headers = new LinkedHashMap<>();
				hello.getManifest().getMainAttributes().forEach((k, v) -> headers.put(k.toString(), v.toString()));
				headers.put("Plugin-Name", "hello");
				headers.put("Plugin-Author", "PluginKit bench");
				headers.put("Plugin-Description", "bench/hello as a plugin: GET /hello");
				Map<String, byte[]> entries = new LinkedHashMap<>();
				for (JarEntry e : hello.stream().filter(e -> !e.isDirectory()).toList()) {
					if (!e.getName().equals(JarFile.MANIFEST_NAME)) {
						try (InputStream in = hello.getInputStream(e)) {
							entries.put(e.getName(), in.readAllBytes());
						}
					}
				}
				writeJar(dir.resolve("hello.jar"), headers, entries);
			}
			if (hooks > 0) {
				Map<String, String> sources = new LinkedHashMap<>();
				for (int i = 0; i < hooks; i++) {
					sources.put(HOOK + i, "package io.pluginkit.bench.hooks;\n\n/** A request hook that does nothing. */\n"
						+ "public class Hook" + i + " implements io.pluginkit.api.web.RequestHook {\n}\n");
				}
				Map<String, byte[]> entries = new LinkedHashMap<>();
				List<String> components = new ArrayList<>();
				for (int i = 0; i < hooks; i++) {
					String xml = "OSGI-INF/" + HOOK + i + ".xml";
					components.add(xml);
					entries.put(xml, component(HOOK + i, HOOK + i, "io.pluginkit.api.web.RequestHook", false));
				}
				entries.putAll(compile("hooks", sources, pluginKitApi()));
				Map<String, String> headers = bundleHeaders("io.pluginkit.bench.hooks", "hooks",
					hooks + " request hooks that do nothing");
				headers.put("Import-Package", "io.pluginkit.api.web;version=\"[1.0,2)\",jakarta.servlet.http");
				headers.put("Service-Component", String.join(",", components));
				headers.put("Require-Capability", DS_EXTENDER);
				writeJar(dir.resolve("hooks.jar"), headers, entries);
			}
			return dir;
		}

		/**
		 * The hot-deploy folder of {@link #webPlugins(int) webPlugins(0)} plus a plugin {@code monitor} whose one
		 * component listens to {@code pluginkit/monitoring} and does nothing with the points.
		 */
		Path monitoredWebPlugins() throws Exception {
			Path dir = folder.resolve("web-monitored");
			if (Files.isDirectory(dir)) {
				return dir;
			}
			Files.createDirectories(dir);
			Files.copy(webPlugins(0).resolve("hello.jar"), dir.resolve("hello.jar"));
			String name = "io.pluginkit.bench.monitor.Listener";
			Map<String, String> sources = Map.of(name, "package io.pluginkit.bench.monitor;\n\n"
				+ "/** Takes every monitoring batch and does nothing with it. */\n"
				+ "public class Listener implements io.pluginkit.api.event.EventListener {\n"
				+ "\tpublic void handle(io.pluginkit.api.event.Event event) {\n\t}\n}\n");
			Map<String, byte[]> entries = new LinkedHashMap<>(compile("monitor", sources, pluginKitApi()));
			String xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
				+ "<scr:component xmlns:scr=\"http://www.osgi.org/xmlns/scr/v1.3.0\" name=\"" + name + "\" immediate=\"true\">\n"
				+ "  <implementation class=\"" + name + "\"/>\n"
				+ "  <service><provide interface=\"io.pluginkit.api.event.EventListener\"/></service>\n"
				+ "  <property name=\"pluginkit.event.topic\" type=\"String\" value=\"pluginkit/monitoring\"/>\n"
				+ "</scr:component>\n";
			entries.put("OSGI-INF/" + name + ".xml", xml.getBytes(StandardCharsets.UTF_8));
			Map<String, String> headers = bundleHeaders("io.pluginkit.bench.monitor", "monitor",
				"a pluginkit/monitoring listener that does nothing");
			headers.put("Import-Package", "io.pluginkit.api.event;version=\"[1.0,2)\"");
			headers.put("Service-Component", "OSGI-INF/" + name + ".xml");
			headers.put("Require-Capability", DS_EXTENDER);
			writeJar(dir.resolve("monitor.jar"), headers, entries);
			return dir;
		}

		/** A hot-deploy folder with one plugin {@code teps} of {@code count} template extensions in {@code index_content}. */
		Path templatePlugins(int count) throws Exception {
			Path dir = folder.resolve("templates-" + count);
			deleteTree(dir);
			Files.createDirectories(dir);
			Map<String, String> sources = new LinkedHashMap<>();
			Map<String, byte[]> entries = new LinkedHashMap<>();
			List<String> components = new ArrayList<>();
			for (int i = 0; i < count; i++) {
				String name = "io.pluginkit.bench.teps.Tep" + i;
				sources.put(name, "package io.pluginkit.bench.teps;\n\n/** A template fragment. */\n"
					+ "public class Tep" + i + " implements io.pluginkit.api.template.TemplateExtension {\n"
					+ "\tpublic String content() {\n\t\treturn \"<p class=\\\"tep\\\">fragment " + i
					+ " of {{ 'PluginKit' | upper }}</p>\";\n\t}\n}\n");
				String xml = "OSGI-INF/Tep" + i + ".xml";
				components.add(xml);
				entries.put(xml, ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
					+ "<scr:component xmlns:scr=\"http://www.osgi.org/xmlns/scr/v1.3.0\" name=\"Tep" + i + "\">\n"
					+ "  <service><provide interface=\"io.pluginkit.api.template.TemplateExtension\"/></service>\n"
					+ "  <property name=\"pluginkit.template.point\" type=\"String\" value=\"index_content\"/>\n"
					+ "  <implementation class=\"" + name + "\"/>\n</scr:component>\n").getBytes(StandardCharsets.UTF_8));
			}
			entries.putAll(compile("teps", sources, pluginKitApi()));
			Map<String, String> headers = bundleHeaders("io.pluginkit.bench.teps", "teps", count + " template fragments");
			headers.put("Import-Package", "io.pluginkit.api.template;version=\"[1.0,2)\"");
			headers.put("Service-Component", String.join(",", components));
			headers.put("Require-Capability", DS_EXTENDER);
			writeJar(dir.resolve("teps.jar"), headers, entries);
			return dir;
		}

		static Map<String, String> bundleHeaders(String symbolicName, String pluginName, String description) {
			Map<String, String> headers = new LinkedHashMap<>();
			headers.put("Bundle-ManifestVersion", "2");
			headers.put("Bundle-SymbolicName", symbolicName);
			headers.put("Bundle-Version", "1.0.0");
			headers.put("Bundle-Name", "PluginKit bench: " + pluginName);
			headers.put("Plugin-Name", pluginName);
			headers.put("Plugin-Author", "PluginKit bench");
			headers.put("Plugin-Description", description);
			return headers;
		}

		static byte[] component(String name, String implementation, String service, boolean immediate) {
			return ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
				+ "<scr:component xmlns:scr=\"http://www.osgi.org/xmlns/scr/v1.3.0\" name=\"" + name + "\""
				+ (immediate ? " immediate=\"true\"" : "") + ">\n"
				+ (service == null ? "" : "  <service>\n    <provide interface=\"" + service + "\"/>\n  </service>\n")
				+ "  <implementation class=\"" + implementation + "\"/>\n</scr:component>\n").getBytes(StandardCharsets.UTF_8);
		}

		/** The api and servlet-api jars inside pluginkit.jar, copied out as the class path to compile hooks against. */
		List<Path> pluginKitApi() throws IOException {
			Path dir = Files.createDirectories(folder.resolve("classpath"));
			List<Path> jars = new ArrayList<>();
			try (JarFile pk = new JarFile(bench.pluginkitJar.toFile())) {
				for (JarEntry e : pk.stream().toList()) {
					String name = e.getName();
					if (name.startsWith("jar/api-") || name.startsWith("jar/org.apache.felix.http.servlet-api-")) {
						Path jar = dir.resolve(name.substring("jar/".length()));
						try (InputStream in = pk.getInputStream(e)) {
							Files.copy(in, jar, StandardCopyOption.REPLACE_EXISTING);
						}
						jars.add(jar);
					}
				}
			}
			if (jars.size() != 2) {
				throw new IllegalStateException(bench.pluginkitJar + " holds no jar/api-*.jar or servlet-api jar");
			}
			return jars;
		}

		/** Compiles the sources (class name to source) for Java 17; returns each class file by its path in a jar. */
		Map<String, byte[]> compile(String name, Map<String, String> sources, List<Path> classpath) throws IOException {
			JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
			if (javac == null) {
				throw new IllegalStateException("no Java compiler: run the bench with a JDK's java");
			}
			Path src = folder.resolve("src-" + name);
			Path out = folder.resolve("classes-" + name);
			List<String> args = new ArrayList<>(List.of("--release", "17", "-nowarn", "-proc:none", "-d", out.toString()));
			if (!classpath.isEmpty()) {
				args.addAll(List.of("-cp", String.join(File.pathSeparator, classpath.stream().map(Path::toString).toList())));
			}
			for (Map.Entry<String, String> s : sources.entrySet()) {
				Path file = src.resolve(s.getKey().replace('.', '/') + ".java");
				Files.createDirectories(file.getParent());
				Files.writeString(file, s.getValue());
				args.add(file.toString());
			}
			if (javac.run(null, null, null, args.toArray(String[]::new)) != 0) {
				throw new IllegalStateException("cannot compile the " + name + " plugin's classes (see above)");
			}
			Map<String, byte[]> classes = new TreeMap<>();
			try (Stream<Path> files = Files.walk(out)) {
				for (Path c : files.filter(p -> p.toString().endsWith(".class")).toList()) {
					classes.put(out.relativize(c).toString().replace(File.separatorChar, '/'), Files.readAllBytes(c));
				}
			}
			return classes;
		}

		/** A jar: the manifest first, then the entries in order, each with the same time (reproducible bytes). */
		static void writeJar(Path file, Map<String, String> headers, Map<String, byte[]> entries) throws IOException {
			Manifest manifest = new Manifest();
			Attributes main = manifest.getMainAttributes();
			main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
			headers.forEach((k, v) -> {
				if (!k.equals("Manifest-Version")) {
					main.putValue(k, v);
				}
			});
			Set<String> folders = new LinkedHashSet<>();
			try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(file), manifest)) {
				for (Map.Entry<String, byte[]> e : entries.entrySet()) {
					for (int slash = e.getKey().indexOf('/'); slash > 0; slash = e.getKey().indexOf('/', slash + 1)) {
						String dir = e.getKey().substring(0, slash + 1);
						if (folders.add(dir)) {
							JarEntry d = new JarEntry(dir);
							d.setTime(FIXED_TIME);
							out.putNextEntry(d);
							out.closeEntry();
						}
					}
					JarEntry entry = new JarEntry(e.getKey());
					entry.setTime(FIXED_TIME);
					out.putNextEntry(entry);
					out.write(e.getValue());
					out.closeEntry();
				}
			}
		}

		static final long FIXED_TIME = 1_700_000_000_000L;
	}

	// ---- HTTP polling -----------------------------------------------------------------------------

	/**
	 * The harness's own first requests (class loading, JIT) must not land on the first measured startup:
	 * PluginKit's first poll comes only after its port file appears, bare Felix's long before its 200.
	 */
	static void warmUpClient() throws Exception {
		try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
			Thread answering = new Thread(() -> answerAll(server), "bench-warm-up-server");
			answering.setDaemon(true);
			answering.start();
			URI base = URI.create("http://127.0.0.1:" + server.getLocalPort() + "/");
			for (int i = 0; i < 1000; i++) {
				HTTP.send(HttpRequest.newBuilder(base).GET().build(), HttpResponse.BodyHandlers.ofString());
			}
			URI closed = URI.create("http://127.0.0.1:" + freePort() + "/");
			for (int i = 0; i < 200; i++) {
				try {
					HTTP.send(HttpRequest.newBuilder(closed).GET().build(), HttpResponse.BodyHandlers.discarding());
				} catch (IOException expected) {
					// connection refused, as while a process starts
				}
			}
		}
	}

	/** A minimal keep-alive HTTP/1.1 server answering 200 (the JDK's HttpServer waits ~40 ms per answer here). */
	static void answerAll(ServerSocket server) {
		while (!server.isClosed()) {
			try (Socket socket = server.accept()) {
				socket.setTcpNoDelay(true);
				BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.ISO_8859_1));
				OutputStream out = socket.getOutputStream();
				for (String line = in.readLine(); line != null; line = in.readLine()) {
					if (line.isEmpty()) {
						out.write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{}".getBytes(StandardCharsets.ISO_8859_1));
						out.flush();
					}
				}
			} catch (IOException e) {
				// closed: the warm-up is over
			}
		}
	}

	static double pollRoundTrip(Startup s) throws Exception {
		HttpRequest request = HttpRequest.newBuilder(s.route).timeout(Duration.ofSeconds(5)).GET().build();
		List<Double> times = new ArrayList<>();
		for (int i = 0; i < 300; i++) {
			long t0 = System.nanoTime();
			HTTP.send(request, HttpResponse.BodyHandlers.discarding());
			if (i >= 100) {
				times.add((System.nanoTime() - t0) / 1e6);
			}
		}
		return median(times);
	}

	/**
	 * Polls the route until it answers {@code expected}; returns the nanoTime of that answer. With
	 * {@code countOthers}, answers that are neither 200 nor 404 (a request failed) are counted.
	 */
	static long awaitStatus(Startup s, int expected, int pauseMicros, long deadline, boolean countOthers)
		throws Exception {
		HttpRequest request = HttpRequest.newBuilder(s.route).timeout(Duration.ofSeconds(5)).GET().build();
		int last = -1;
		while (true) {
			try {
				last = HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
				if (last == expected) {
					return System.nanoTime();
				}
			} catch (IOException e) {
				last = -1; // not listening yet, or the connection broke
			}
			if (countOthers && last != 200 && last != 404) {
				s.otherAnswers.merge(last, 1, Integer::sum);
			} else if (!countOthers && last != -1) {
				s.earlyAnswers++;
			}
			pause(pauseMicros, s, deadline, s.route + " to answer " + expected + " (last: " + last + ")");
		}
	}

	/**
	 * Polls {@code /health} every {@code BENCH_HEALTH_POLL_MS} until it answers 200 with status UP and
	 * {@code enabled} plugins enabled; returns that nanoTime.
	 */
	static long awaitHealth(Startup s, int enabled, long deadline) throws Exception {
		HttpRequest request = HttpRequest.newBuilder(s.uri("/health")).timeout(Duration.ofSeconds(10)).GET().build();
		String last = "(no answer)";
		while (true) {
			try {
				HttpResponse<String> r = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
				Matcher status = HEALTH_STATUS.matcher(r.body());
				Matcher count = HEALTH_ENABLED.matcher(r.body());
				if (r.statusCode() == 200 && status.find() && status.group(1).equals("UP") && count.find()
					&& Integer.parseInt(count.group(1)) == enabled) {
					return System.nanoTime();
				}
				last = r.statusCode() + " " + r.body();
			} catch (IOException e) {
				last = e.toString();
			}
			pause(HEALTH_POLL_MS * 1000, s, deadline, "/health to say UP with " + enabled + " enabled (last: " + last + ")");
		}
	}

	static void pause(int micros, Startup s, long deadline, String waitingFor) throws IOException {
		if (!s.process.isAlive()) {
			throw new IllegalStateException("the process exited (" + s.process.exitValue() + ") while waiting for "
				+ waitingFor + "; its output:\n" + tail(s.log));
		}
		if (System.nanoTime() > deadline) {
			throw new IllegalStateException("timed out waiting for " + waitingFor + "; its output:\n" + tail(s.log));
		}
		LockSupport.parkNanos(micros * 1000L);
	}

	// ---- processes and files ----------------------------------------------------------------------

	static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
	}

	/** SIGTERM, as a user would stop it; SIGKILL after 20 s. */
	static void stop(Process process) throws InterruptedException {
		process.destroy();
		if (!process.waitFor(20, TimeUnit.SECONDS)) {
			NOTES.add("pid " + process.pid() + " did not stop within 20 s of SIGTERM; killed");
			process.descendants().forEach(ProcessHandle::destroyForcibly);
			process.destroyForcibly();
			process.waitFor(10, TimeUnit.SECONDS);
		}
	}

	static void killAll() {
		stopping = true;
		for (Process tool : TOOLS) {
			tool.destroyForcibly();
		}
		for (Startup s : LIVE) {
			try {
				if (s.process != null) {
					s.process.descendants().forEach(ProcessHandle::destroyForcibly);
					s.process.destroyForcibly();
					s.process.waitFor(10, TimeUnit.SECONDS);
				}
				if (!KEEP) {
					deleteTree(s.dir);
				}
			} catch (IOException | InterruptedException | RuntimeException e) {
				System.err.println("bench: could not clean up " + s.dir + ": " + e);
			}
		}
		for (Path folder : FOLDERS) {
			try {
				if (!KEEP) {
					deleteTree(folder);
				}
			} catch (IOException | RuntimeException e) {
				System.err.println("bench: could not clean up " + folder + ": " + e);
			}
		}
	}

	/** Counts the lines of a run's output that look wrong, each distinct line (times and thread numbers aside) once. */
	static void scanLog(Path log) throws IOException {
		if (!Files.exists(log)) {
			return;
		}
		String who = log.getParent().getFileName().toString().replaceAll("-bench-.*", "");
		for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
			String l = line.toLowerCase(Locale.ROOT);
			if (l.contains(" error ") || l.contains("exception") || l.contains("severe") || l.contains(" warn ")
				|| l.contains("warning")) {
				String normal = line.replaceAll("^(g! )+", "").replaceAll("\\d\\d:\\d\\d:\\d\\d\\.\\d+ ", "")
					.replaceAll("\\[qtp\\d+-\\d+\\]", "[qtp]").replaceAll("\\d+", "N").trim();
				LOG_LINES.merge(who + ": " + normal, 1, Integer::sum);
			}
		}
	}

	static String tail(Path log) throws IOException {
		List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
		return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
	}

	static void deleteTree(Path dir) throws IOException {
		if (!Files.exists(dir)) {
			return;
		}
		try (Stream<Path> paths = Files.walk(dir)) {
			for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
				Files.deleteIfExists(p);
			}
		}
	}

	// ---- statistics and the table -----------------------------------------------------------------

	static double median(List<Double> values) {
		double[] v = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
		int n = v.length;
		return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
	}

	/**
	 * {@code a[i] / b[i]}: the ratio of each round, whose two figures were taken seconds apart under the same
	 * load from elsewhere; the median of these survives a busy machine better than a ratio of medians.
	 */
	static List<Double> pairRatios(List<Double> a, List<Double> b) {
		List<Double> ratios = new ArrayList<>();
		for (int i = 0; i < a.size(); i++) {
			ratios.add(a.get(i) / b.get(i));
		}
		return ratios;
	}

	/** Nearest-rank percentile. */
	static double percentile(List<Double> values, double p) {
		double[] v = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
		int rank = (int) Math.ceil(p / 100 * v.length);
		return v[Math.max(0, Math.min(v.length - 1, rank - 1))];
	}

	/** The one markdown table: a row per measure, a column per peer, "-" where a peer has no such figure. */
	static final class Table {
		private final StringBuilder text = new StringBuilder(
			"| measure | PluginKit | bare Felix | PF4J | ratio / target |\n|---|---|---|---|---|\n");

		void row(String... cells) {
			text.append("| ").append(String.join(" | ", cells)).append(" |\n");
		}

		@Override
		public String toString() {
			return text.toString();
		}
	}

	static String startup(List<Double> v) {
		return String.format(Locale.ROOT, "%.0f ms (%.0f-%.0f)", median(v), v.stream().min(Double::compare).get(),
			v.stream().max(Double::compare).get());
	}

	static String spread(List<Double> v) {
		return String.format(Locale.ROOT, "%.1f / %.1f / %.1f ms", percentile(v, 50), percentile(v, 99),
			percentile(v, 100));
	}

	static String answers(Map<Integer, Integer> others) {
		if (others.isEmpty()) {
			return "0";
		}
		List<String> parts = new ArrayList<>();
		others.forEach((status, count) -> parts.add(count + " x " + (status < 0 ? "I/O error" : status)));
		return String.join(", ", parts);
	}

	static String ms(double v) {
		return String.format(Locale.ROOT, "%.1f ms", v);
	}

	static String verdict(boolean met) {
		return met ? "met" : "**missed**";
	}

	// ---- settings ---------------------------------------------------------------------------------

	static int env(String name, int fallback) {
		String v = System.getenv(name);
		if (v == null || v.isBlank()) {
			return fallback;
		}
		try {
			return Integer.parseInt(v.trim());
		} catch (NumberFormatException e) {
			throw new IllegalArgumentException(name + "=" + v + " is not a whole number");
		}
	}

	/** BENCH_ROWS: a comma-separated subset of startup, toggles, plugins, throughput (default: all). */
	static Set<String> rows(String value) {
		if (value == null || value.isBlank()) {
			return new LinkedHashSet<>(ALL_ROWS);
		}
		Set<String> rows = new LinkedHashSet<>();
		for (String row : value.trim().split("\\s*,\\s*")) {
			if (!ALL_ROWS.contains(row)) {
				throw new IllegalArgumentException("BENCH_ROWS: '" + row + "' is not one of " + ALL_ROWS);
			}
			rows.add(row);
		}
		return rows;
	}

	static List<String> words(String options) {
		return options == null || options.isBlank() ? List.of() : Arrays.asList(options.trim().split("\\s+"));
	}

	static void log(String format, Object... args) {
		System.err.println(String.format(Locale.ROOT, format, args));
	}
}
