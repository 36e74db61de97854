import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The DESIGN §10 startup and enable/disable rows: PluginKit against a bare Felix + SCR + Jetty 12 + Gogo
 * with one whiteboard servlet. Launched by bench/run.sh as {@code java bench/Bench.java <root>}; prints
 * one markdown table on stdout and its progress and notes on stderr.
 *
 * <p>Each measure starts a fresh JVM in a fresh temporary folder (its own {@code java.io.tmpdir}, so the
 * framework storage is cold and private) and polls HTTP with one keep-alive {@link HttpClient} in a loop
 * with a short pause, timing with {@link System#nanoTime()}.
 */
public final class Bench {

	// Settings, each an environment variable (see bench/README.md).
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

	static final String PK_ROUTE = "/limit";
	static final String PK_PLUGIN = "helloworld";
	static final String BARE_ROUTE = "/hello";
	static final String BARE_BUNDLE = "io.pluginkit.bench.hello";
	static final Pattern STARTED = Pattern.compile("PluginKit \\S+ started in (\\d+) ms on (\\S+)");

	/** What the shutdown hook must kill and delete when the harness is stopped midway. */
	static final List<Startup> LIVE = new CopyOnWriteArrayList<>();
	static volatile boolean stopping;
	static final List<String> NOTES = new ArrayList<>();
	static final Map<String, Integer> LOG_LINES = new LinkedHashMap<>();
	// The direct executor completes a response on the selector thread: one thread hop less per poll.
	static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(Duration.ofSeconds(2)).followRedirects(HttpClient.Redirect.NEVER).executor(Runnable::run)
		.build();

	final Path pluginkitJar;
	final Path pluginsDir;
	final Path bareJar;
	final Path java = Path.of(System.getProperty("java.home"), "bin", "java");

	Bench(Path root) {
		pluginkitJar = root.resolve("bndrun/target/pluginkit.jar");
		pluginsDir = root.resolve("bndrun/target/plugins");
		bareJar = root.resolve("bench/bare/target/bare.jar");
	}

	public static void main(String[] args) throws Exception {
		if (RUNS < 1 || TOGGLES < 2 || WARMUP_RUNS < 0 || WARMUP_TOGGLES < 0) {
			throw new IllegalArgumentException("BENCH_RUNS must be >= 1 and BENCH_TOGGLES >= 2 (warm-ups >= 0)");
		}
		Runtime.getRuntime().addShutdownHook(new Thread(Bench::killAll, "bench-cleanup"));
		Bench bench = new Bench(Path.of(args.length > 0 ? args[0] : ".").toAbsolutePath().normalize());
		for (Path jar : List.of(bench.pluginkitJar, bench.bareJar)) {
			if (!Files.isRegularFile(jar)) {
				throw new IllegalStateException(jar + " is missing: run bench/run.sh, which builds it");
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
		// Startup: PluginKit and bare alternate, and which goes first alternates too, so that load from
		// elsewhere on the machine hits both alike.
		List<Double> pkStart = new ArrayList<>();
		List<Double> bareStart = new ArrayList<>();
		List<Double> pkSelfReported = new ArrayList<>();
		List<Double> pkFirstRequest = new ArrayList<>();
		for (int i = -WARMUP_RUNS; i < RUNS; i++) {
			String label = i < 0 ? "warm-up" : "run " + (i + 1) + "/" + RUNS;
			Startup pk;
			Startup bare;
			if (i % 2 == 0) {
				pk = startPluginKit(false);
				pk.stop();
				bare = startBare();
				bare.stop();
			} else {
				bare = startBare();
				bare.stop();
				pk = startPluginKit(false);
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

		Toggles[] toggles = toggleBoth();
		return table(pkStart, bareStart, toggles[0], toggles[1]);
	}

	// ---- startup ------------------------------------------------------------------------------------

	/** A started process, the time from launch to the first 200 of its route, and how to reach it. */
	static final class Startup {
		Process process;
		Path dir;
		Path log;
		OutputStream stdin;
		URI route;
		double millis;
		/** Answers other than 200 and 404 while toggling (status, or -1 for an I/O error), and how many. */
		final Map<Integer, Integer> otherAnswers = new TreeMap<>();
		/** Requests the process answered (not with 200) while starting: work the polling put on it. */
		int earlyAnswers;
		/** PluginKit with port 0: ms from launch until its port file appeared (then the first request went out). */
		double portFileMillis = Double.NaN;
		Long selfReported;

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

	/** {@code java -jar pluginkit.jar} with the sample plugins, port 0 (unless BENCH_PK_FIXED_PORT) and a fresh data dir. */
	Startup startPluginKit(boolean console) throws Exception {
		Startup s = new Startup();
		s.dir = Files.createTempDirectory("pluginkit-bench-");
		Path data = s.dir.resolve("data");
		int fixedPort = PK_FIXED_PORT ? freePort() : 0;
		List<String> cmd = javaCommand(s.dir);
		cmd.addAll(List.of("-Dorg.osgi.service.http.port=" + fixedPort, "-Dpluginkit.data.dir=" + data,
			"-Dpluginkit.plugins.dir=" + pluginsDir,
			// the console must be on for the toggles: pluginkit.shell=false means stdin is not read at all
			"-Dpluginkit.shell=" + console, "-jar", pluginkitJar.toString()));
		long t0 = launch(s, cmd);
		Path portFile = data.resolve("http.port");
		long deadline = t0 + TimeUnit.SECONDS.toNanos(TIMEOUT_S);
		int port = fixedPort;
		while (port == 0) {
			port = readPort(portFile);
			if (port == 0) {
				pause(STARTUP_POLL_US, s, deadline, "PluginKit to write " + portFile);
			}
		}
		if (fixedPort == 0) {
			s.portFileMillis = (System.nanoTime() - t0) / 1e6;
		}
		s.route = URI.create("http://127.0.0.1:" + port + PK_ROUTE);
		long t1 = awaitStatus(s, 200, STARTUP_POLL_US, deadline, false);
		s.millis = (t1 - t0) / 1e6;
		s.selfReported = awaitStartedLine(s.log, deadline);
		return s;
	}

	/** {@code java -jar bare.jar} on a free port chosen here (bare Felix has no port file); Gogo reads stdin. */
	Startup startBare() throws Exception {
		Startup s = new Startup();
		s.dir = Files.createTempDirectory("bare-felix-bench-");
		int port = freePort();
		List<String> cmd = javaCommand(s.dir);
		cmd.addAll(List.of("-Dorg.osgi.service.http.port=" + port, "-jar", bareJar.toString()));
		long t0 = launch(s, cmd);
		s.route = URI.create("http://127.0.0.1:" + port + BARE_ROUTE);
		long t1 = awaitStatus(s, 200, STARTUP_POLL_US, t0 + TimeUnit.SECONDS.toNanos(TIMEOUT_S), false);
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

	static Long awaitStartedLine(Path log, long deadline) throws Exception {
		while (System.nanoTime() < deadline) {
			Matcher m = STARTED.matcher(Files.readString(log, StandardCharsets.UTF_8));
			if (m.find()) {
				return Long.valueOf(m.group(1));
			}
			Thread.sleep(5);
		}
		NOTES.add("PluginKit printed no \"PluginKit ... started in N ms on ...\" line (" + log + ")");
		return null;
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

	/**
	 * Both processes up side by side; each round toggles PluginKit's plugin off and on, then the bare
	 * servlet bundle off and on, so that load from elsewhere on the machine hits both alike.
	 */
	Toggles[] toggleBoth() throws Exception {
		Startup pk = startPluginKit(true);
		Startup bare = null;
		try {
			bare = startBare();
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
		Pattern line = Pattern.compile("(?m)^\\s*(\\d+)\\|[^|\\n]*\\|[^|\\n]*\\|" + Pattern.quote(symbolicName) + "[ (|]");
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_S);
		while (true) {
			Matcher m = line.matcher(Files.readString(s.log, StandardCharsets.UTF_8));
			if (m.find()) {
				return Long.parseLong(m.group(1));
			}
			pause(5000, s, deadline, "'lb -s " + symbolicName + "' to list the bundle");
		}
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
				HTTP.send(HttpRequest.newBuilder(base).GET().build(), HttpResponse.BodyHandlers.discarding());
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

	static void pause(int micros, Startup s, long deadline, String waitingFor) throws IOException {
		if (!s.process.isAlive()) {
			throw new IllegalStateException("the process exited (" + s.process.exitValue() + ") while waiting for "
				+ waitingFor + "; its output:\n" + tail(s.log));
		}
		if (System.nanoTime() > deadline) {
			throw new IllegalStateException("timed out after " + TIMEOUT_S + " s waiting for " + waitingFor
				+ "; its output:\n" + tail(s.log));
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
					.replaceAll("\\[qtp\\d+-\\d+\\]", "[qtp]").trim();
				LOG_LINES.merge(who + ": " + normal, 1, Integer::sum);
			}
		}
	}

	static String tail(Path log) throws IOException {
		List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
		return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
	}

	static void deleteTree(Path dir) throws IOException {
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

	/** Nearest-rank percentile. */
	static double percentile(List<Double> values, double p) {
		double[] v = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
		int rank = (int) Math.ceil(p / 100 * v.length);
		return v[Math.max(0, Math.min(v.length - 1, rank - 1))];
	}

	static String table(List<Double> pkStart, List<Double> bareStart, Toggles pk, Toggles bare) {
		StringBuilder t = new StringBuilder();
		t.append("| measure | PluginKit | bare Felix | ratio / target |\n");
		t.append("|---|---|---|---|\n");
		double pkMedian = median(pkStart);
		double bareMedian = median(bareStart);
		double ratio = pkMedian / bareMedian;
		t.append(row("startup to first HTTP 200, median (min-max) of " + pkStart.size() + " runs",
			startup(pkStart), startup(bareStart),
			String.format(Locale.ROOT, "%.2fx / <= 1.1x %s", ratio, verdict(ratio <= 1.1))));
		List<Double> pkAll = pk.all();
		List<Double> bareAll = bare.all();
		int n = pkAll.size();
		double pkP50 = percentile(pkAll, 50);
		double pkP99 = percentile(pkAll, 99);
		t.append(row("enable/disable p50, command until 200/404 (" + n + " toggles)", ms(pkP50),
			ms(percentile(bareAll, 50)), String.format(Locale.ROOT, "%.2fx / <= 10 ms %s",
				pkP50 / percentile(bareAll, 50), verdict(pkP50 <= 10))));
		t.append(row("enable/disable p99, command until 200/404 (" + n + " toggles)", ms(pkP99),
			ms(percentile(bareAll, 99)), String.format(Locale.ROOT, "%.2fx / <= 40 ms %s",
				pkP99 / percentile(bareAll, 99), verdict(pkP99 <= 40))));
		t.append(row("disable p50 / p99 / max (until 404)", spread(pk.off()), spread(bare.off()), "-"));
		t.append(row("enable p50 / p99 / max (until 200)", spread(pk.on()), spread(bare.on()), "-"));
		t.append(row("answers other than 200/404 while toggling", answers(pk.otherAnswers()),
			answers(bare.otherAnswers()), "0 wanted (DESIGN: no failed request)"));
		return t.toString();
	}

	static String row(String... cells) {
		return "| " + String.join(" | ", cells) + " |\n";
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

	static List<String> words(String options) {
		return options == null || options.isBlank() ? List.of() : Arrays.asList(options.trim().split("\\s+"));
	}

	static void log(String format, Object... args) {
		System.err.println(String.format(Locale.ROOT, format, args));
	}
}
