import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The cluster rows of DESIGN §10 (issue 13): a throwaway PostgreSQL on loopback, three PluginKit nodes with
 * -Dpluginkit.store=postgresql; (1) propagation: CLUSTER_TOGGLES plugin:disable/enable helloworld on node 1,
 * each timed from the command written to node 1's stdin until /limit flips on node 2 and on node 3 (both
 * samples counted); (2) a fourth node joining a cluster of CLUSTER_PLUGINS plugins installed from the shell:
 * launch until its startup line, against a node starting with the same jars in its own hot-deploy folder and
 * the file store. Usage: java bench/Cluster.java <repo root> (bench/cluster.sh builds first).
 */
public class Cluster {

	static final int TOGGLES = Integer.parseInt(System.getenv().getOrDefault("CLUSTER_TOGGLES", "100"));
	static final int PLUGINS = Integer.parseInt(System.getenv().getOrDefault("CLUSTER_PLUGINS", "100"));
	static final String PASSWORD = "bench-only-secret";
	static final Pattern STARTED = Pattern.compile("started in (\\d+) ms on http://[^:]+:(\\d+)/ \u2014 (\\d+) plugins? enabled");
	static final HttpClient HTTP = HttpClient.newHttpClient();
	static final List<Process> PROCESSES = Collections.synchronizedList(new ArrayList<>());

	public static void main(String[] args) throws Exception {
		Path root = Path.of(args.length > 0 ? args[0] : ".").toAbsolutePath();
		Path jar = root.resolve("bndrun/target/pluginkit.jar");
		Path helloworld = root.resolve("bndrun/target/plugins/helloworld.jar");
		Path work = Files.createTempDirectory("pluginkit-cluster-bench-");
		Files.setPosixFilePermissions(work, PosixFilePermissions.fromString("rwxr-xr-x"));
		Postgres db = new Postgres(work.resolve("pg"));
		Runtime.getRuntime().addShutdownHook(new Thread(() -> {
			PROCESSES.forEach(Process::destroy);
			db.stop();
		}));
		String url = db.start();
		Node one = new Node(jar, work.resolve("n1"), url).start();
		Node two = new Node(jar, work.resolve("n2"), url).start();
		Node three = new Node(jar, work.resolve("n3"), url).start();
		one.command("plugin:install " + helloworld);
		for (Node n : List.of(one, two, three)) {
			n.await("/limit", 200, System.nanoTime() + TimeUnit.SECONDS.toNanos(30));
		}
		List<Double> samples = new ArrayList<>();
		for (int i = 0; i < TOGGLES + 10; i++) {
			boolean off = i % 2 == 0;
			int want = off ? 404 : 200;
			long t0 = System.nanoTime();
			one.command(off ? "plugin:disable helloworld" : "plugin:enable helloworld");
			long deadline = t0 + TimeUnit.SECONDS.toNanos(10);
			double[] ms = { -1, -1 };
			while (ms[0] < 0 || ms[1] < 0) {
				for (int k = 0; k < 2; k++) {
					if (ms[k] < 0 && (k == 0 ? two : three).status("/limit") == want) {
						ms[k] = (System.nanoTime() - t0) / 1e6;
					}
				}
				if (System.nanoTime() > deadline) {
					throw new IllegalStateException("toggle " + i + " did not reach every node within 10 s");
				}
				Thread.sleep(0, 500_000);
			}
			one.await("/limit", want, deadline);
			if (i >= 10) { // the first 10 warm up
				samples.add(ms[0]);
				samples.add(ms[1]);
			}
			Thread.sleep(20);
		}
		Collections.sort(samples);
		System.err.printf("propagation: %d samples, min %.1f ms, max %.1f ms%n", samples.size(), samples.get(0),
			samples.get(samples.size() - 1));

		Path jars = Files.createDirectories(work.resolve("jars"));
		for (int i = 1; i <= PLUGINS; i++) {
			Path p = jars.resolve(String.format("trivial-%04d.jar", i));
			writePlugin(p, String.format("trivial-%04d", i));
			one.command("plugin:install " + p);
		}
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
		while (one.enabled() < PLUGINS + 1) {
			if (System.nanoTime() > deadline) {
				throw new IllegalStateException("node 1 did not enable " + PLUGINS + " plugins");
			}
			Thread.sleep(100);
		}
		long t0 = System.nanoTime();
		Node four = new Node(jar, work.resolve("n4"), url).start();
		double join = (System.nanoTime() - t0) / 1e6;
		int joined = four.startupEnabled;
		four.stop();
		Path folder = Files.createDirectories(work.resolve("n5").resolve("plugins"));
		try (Stream<Path> all = Files.list(jars)) {
			for (Path p : (Iterable<Path>) all::iterator) {
				Files.copy(p, folder.resolve(p.getFileName()));
			}
		}
		Files.copy(helloworld, folder.resolve("helloworld.jar"));
		t0 = System.nanoTime();
		Node five = new Node(jar, work.resolve("n5"), null).start();
		double alone = (System.nanoTime() - t0) / 1e6;
		int aloneEnabled = five.startupEnabled;
		five.stop();

		System.out.println("| row | PluginKit | peer | ratio | target |");
		System.out.println("|---|---|---|---|---|");
		System.out.printf("| cluster: a toggle on node 1 until nodes 2 and 3 serve it (PostgreSQL LISTEN/NOTIFY), p50 / p99, %d toggles | %.1f / %.1f ms | | | p99 <= 1000 ms |%n",
			TOGGLES, percentile(samples, 50), percentile(samples, 99));
		System.out.printf("| cluster: a new node joining a cluster of %d plugins, launch to startup line (%d enabled) | %.0f ms | %.0f ms (a node with the same jars in its folder, file store; %d enabled) | %.2f | |%n",
			PLUGINS + 1, joined, join, alone, aloneEnabled, join / alone);
		one.stop();
		two.stop();
		three.stop();
		db.stop();
		deleteTree(work);
	}

	static double percentile(List<Double> sorted, int p) {
		int i = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
		return sorted.get(Math.max(0, Math.min(sorted.size() - 1, i)));
	}

	static void writePlugin(Path jar, String name) throws IOException {
		Manifest m = new Manifest();
		Attributes a = m.getMainAttributes();
		a.put(Attributes.Name.MANIFEST_VERSION, "1.0");
		a.putValue("Bundle-ManifestVersion", "2");
		a.putValue("Bundle-SymbolicName", "io.pluginkit.bench." + name);
		a.putValue("Bundle-Version", "1.0.0");
		a.putValue("Plugin-Name", name);
		a.putValue("Plugin-Author", "bench");
		try (OutputStream out = Files.newOutputStream(jar); JarOutputStream j = new JarOutputStream(out, m)) {
			// a manifest is all a trivial plugin needs
		}
	}

	static void deleteTree(Path dir) throws IOException {
		try (Stream<Path> files = Files.walk(dir)) {
			files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
		}
	}

	/** One pluginkit.jar process; the password reaches it through its environment, never its command line. */
	static final class Node {
		final Process process;
		final Path log;
		final OutputStream stdin;
		int port;
		int startupEnabled;

		Node(Path jar, Path dir, String url) throws IOException {
			Files.createDirectories(dir.resolve("plugins"));
			log = dir.resolve("pluginkit.log");
			List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
				"-Dorg.osgi.service.http.port=0", "-Dpluginkit.data.dir=" + dir.resolve("data"),
				"-Dpluginkit.plugins.dir=" + dir.resolve("plugins")));
			if (url != null) {
				cmd.addAll(List.of("-Dpluginkit.store=postgresql", "-Dpluginkit.store.url=" + url, "-Dpluginkit.store.user=pluginkit",
					"-Dpluginkit.store.node=" + dir.getFileName()));
			}
			cmd.addAll(List.of("-jar", jar.toString()));
			ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
			pb.environment().put("PLUGINKIT_STORE_PASSWORD", PASSWORD);
			process = pb.start();
			PROCESSES.add(process);
			stdin = process.getOutputStream();
		}

		Node start() throws Exception {
			long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
			while (true) {
				Matcher m = STARTED.matcher(Files.exists(log) ? Files.readString(log) : "");
				if (m.find()) {
					port = Integer.parseInt(m.group(2));
					startupEnabled = Integer.parseInt(m.group(3));
					return this;
				}
				if (!process.isAlive() || System.nanoTime() > deadline) {
					throw new IllegalStateException("no startup line; see " + log);
				}
				Thread.sleep(2);
			}
		}

		void command(String line) throws IOException {
			stdin.write((line + "\n").getBytes(StandardCharsets.UTF_8));
			stdin.flush();
		}

		int status(String path) {
			try {
				return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
					HttpResponse.BodyHandlers.discarding()).statusCode();
			} catch (IOException e) {
				return -1;
			} catch (InterruptedException e) {
				Thread.currentThread().interrupt();
				return -1;
			}
		}

		int enabled() throws Exception {
			String body = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health")).build(),
				HttpResponse.BodyHandlers.ofString()).body();
			Matcher m = Pattern.compile("\"enabled\":(\\d+)").matcher(body);
			return m.find() ? Integer.parseInt(m.group(1)) : 0;
		}

		void await(String path, int status, long deadline) throws InterruptedException {
			while (status(path) != status) {
				if (System.nanoTime() > deadline) {
					throw new IllegalStateException(path + " never answered " + status + " on port " + port);
				}
				Thread.sleep(1);
			}
		}

		void stop() throws InterruptedException {
			process.destroy();
			process.waitFor(30, TimeUnit.SECONDS);
		}
	}

	/** initdb + pg_ctl on a temp folder and a free loopback port; as root, through runuser -u postgres. */
	static final class Postgres {
		final Path dir;
		final boolean root = "root".equals(System.getProperty("user.name"));
		Path bin;

		Postgres(Path dir) {
			this.dir = dir;
		}

		String start() throws Exception {
			try (Stream<Path> v = Files.list(Path.of("/usr/lib/postgresql"))) {
				bin = v.max(Comparator.naturalOrder()).orElseThrow().resolve("bin");
			}
			Files.createDirectories(dir);
			Path pw = dir.resolve("pw");
			Files.writeString(pw, PASSWORD + "\n");
			if (root) {
				run("chown", "-R", "postgres", dir.toString());
			}
			int port;
			try (ServerSocket s = new ServerSocket(0)) {
				port = s.getLocalPort();
			}
			pg(bin.resolve("initdb").toString(), "-D", dir.resolve("data").toString(), "-U", "pluginkit", "--pwfile=" + pw,
				"--auth-host=scram-sha-256", "--auth-local=trust", "--no-sync");
			pg(bin.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(), "-l", dir.resolve("log").toString(),
				"-o", "-c listen_addresses=127.0.0.1 -p " + port + " -k " + dir + " -c fsync=off", "-w", "start");
			return "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
		}

		void stop() {
			try {
				if (bin != null) {
					pg(bin.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(), "-m", "fast", "-w", "stop");
					bin = null;
				}
			} catch (Exception e) {
				// stopped already
			}
		}

		void pg(String... command) throws Exception {
			List<String> full = new ArrayList<>();
			if (root) {
				full.addAll(List.of("runuser", "-u", "postgres", "--"));
			}
			full.addAll(List.of(command));
			run(full.toArray(String[]::new));
		}

		static void run(String... command) throws Exception {
			Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
			ByteArrayOutputStream out = new ByteArrayOutputStream();
			p.getInputStream().transferTo(out);
			if (p.waitFor() != 0) {
				throw new IllegalStateException(String.join(" ", command) + ": " + out);
			}
		}
	}
}
