package io.pluginkit.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A throwaway PostgreSQL for tests: {@code initdb} on a temp folder, {@code pg_ctl start} on a free
 * loopback port (about a second), stopped and started again at will, removed at the end. Uses the
 * Debian binaries ({@code /usr/lib/postgresql/<n>/bin}, or {@code initdb} on the PATH); as root it
 * runs them as {@code postgres} through {@code runuser}, since PostgreSQL refuses to run as root.
 * The user {@link #USER} has the password {@link #PASSWORD}, checked over TCP (scram-sha-256).
 */
public final class PostgresServer implements AutoCloseable {

	public static final String USER = "pluginkit";
	public static final String PASSWORD = "test-only-secret";

	private final Path dir;
	private final Path bin;
	private final int port;
	private final boolean root;

	private PostgresServer(Path dir, Path bin, int port, boolean root) {
		this.dir = dir;
		this.bin = bin;
		this.port = port;
		this.root = root;
	}

	/** Creates and starts a cluster. */
	public static PostgresServer start() {
		try {
			Path bin = binaries();
			boolean root = "root".equals(System.getProperty("user.name"));
			Path dir = Files.createTempDirectory("pluginkit-pg-");
			Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
			Path pw = dir.resolve("pwfile");
			Files.writeString(pw, PASSWORD + "\n");
			if (root) {
				UserPrincipal postgres = dir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("postgres");
				Files.setOwner(dir, postgres);
				Files.setOwner(pw, postgres);
			}
			PostgresServer server = new PostgresServer(dir, bin, freePort(), root);
			server.run(bin.resolve("initdb").toString(), "-D", dir.resolve("pgdata").toString(), "-U", USER, "--pwfile=" + pw,
				"--auth-host=scram-sha-256", "--auth-local=trust", "-E", "UTF8", "--no-sync");
			server.startAgain();
			return server;
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	/** The newest Debian PostgreSQL, or the one on the PATH. */
	static Path binaries() {
		Path debian = Path.of("/usr/lib/postgresql");
		if (Files.isDirectory(debian)) {
			try (Stream<Path> versions = Files.list(debian)) {
				Path newest = versions.filter(p -> Files.isExecutable(p.resolve("bin/initdb")))
					.max(Comparator.comparingInt(p -> Integer.parseInt(p.getFileName().toString().replaceAll("\\D", "0"))))
					.orElse(null);
				if (newest != null) {
					return newest.resolve("bin");
				}
			} catch (IOException e) {
				throw new UncheckedIOException(e);
			}
		}
		for (String p : System.getenv().getOrDefault("PATH", "").split(":")) {
			if (Files.isExecutable(Path.of(p, "initdb"))) {
				return Path.of(p);
			}
		}
		throw new AssertionError("PostgreSQL is not installed (no /usr/lib/postgresql/<n>/bin/initdb, no initdb on the PATH):"
			+ " apt-get install postgresql (.ci/run does it)");
	}

	public int port() {
		return port;
	}

	/** The JDBC URL of a database. */
	public String url(String database) {
		return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
	}

	/** Creates a fresh database and returns its URL. */
	public String newDatabase(String name) {
		try (Connection c = DriverManager.getConnection(url("postgres"), USER, PASSWORD); Statement st = c.createStatement()) {
			st.execute("CREATE DATABASE " + name);
		} catch (SQLException e) {
			throw new AssertionError(e);
		}
		return url(name);
	}

	/** Stops the server at once (clients are disconnected), as a crash or an outage would. */
	public void stop() {
		run(bin.resolve("pg_ctl").toString(), "-D", dir.resolve("pgdata").toString(), "-m", "immediate", "-w", "stop");
	}

	/** Starts the server again on the same port and data. */
	public void startAgain() {
		run(bin.resolve("pg_ctl").toString(), "-D", dir.resolve("pgdata").toString(), "-l", dir.resolve("server.log").toString(),
			"-o", "-c listen_addresses=127.0.0.1 -p " + port + " -k " + dir + " -c fsync=off -c full_page_writes=off",
			"-w", "start");
	}

	@Override
	public void close() {
		try {
			run(bin.resolve("pg_ctl").toString(), "-D", dir.resolve("pgdata").toString(), "-m", "immediate", "-w", "stop");
		} catch (AssertionError e) {
			// not running
		}
		try (Stream<Path> files = Files.walk(dir)) {
			files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
		} catch (IOException e) {
			// a temp folder left behind
		}
	}

	private void run(String... command) {
		List<String> full = new ArrayList<>();
		if (root) {
			full.addAll(List.of("runuser", "-u", "postgres", "--"));
		}
		full.addAll(List.of(command));
		try {
			Process p = new ProcessBuilder(full).redirectErrorStream(true).start();
			byte[] out = p.getInputStream().readAllBytes();
			if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
				throw new AssertionError(String.join(" ", full) + " failed: " + new String(out, StandardCharsets.UTF_8));
			}
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new AssertionError(e);
		}
	}

	private static int freePort() throws IOException {
		try (ServerSocket s = new ServerSocket(0)) {
			return s.getLocalPort();
		}
	}
}
