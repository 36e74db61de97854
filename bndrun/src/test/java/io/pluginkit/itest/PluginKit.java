package io.pluginkit.itest;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.felix.service.command.CommandProcessor;
import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Converter;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.ServiceReference;
import org.osgi.service.servlet.runtime.HttpServiceRuntime;

import io.pluginkit.testing.Await;
import io.pluginkit.testing.TestJars;

/**
 * The PluginKit running in this framework as its user meets it: the Gogo shell
 * ({@code plugin:*} commands), HTTP on the port the runtime reports, and plugin jars installed
 * through the plain OSGi framework API. Every wait has the {@link Await#DEADLINE}.
 */
final class PluginKit {

	private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
	private static final Pattern ENDPOINT_PORT = Pattern.compile(":(\\d+)/");
	private static final AtomicInteger JARS = new AtomicInteger();

	/** One row of {@code plugin:list}. */
	record PluginRow(String name, String version, String state, String id, String author, String reason) {
	}

	/** One row of {@code plugin:libraries}. */
	record LibraryRow(String id, String state, String symbolicName, String version) {
	}

	/** What a shell command printed. */
	record Output(String out, String err) {
		List<String> errLines() {
			return err.lines().toList();
		}
	}

	private final BundleContext context;
	private final CommandProcessor gogo;
	private final Path jars;
	private final int port;

	/**
	 * Waits until the runtime answers: its {@code plugin:*} commands are there and HTTP
	 * reports the port it listens on.
	 */
	PluginKit(BundleContext context, CommandProcessor gogo, ServiceReference<HttpServiceRuntime> http, Path jars) {
		this.context = context;
		this.gogo = gogo;
		this.jars = jars;
		this.port = Await.until("the HTTP runtime reports its port", () -> port(http), p -> p > 0);
		Await.until("plugin:list answers", () -> shell("plugin:list"), o -> o.out().startsWith("NAME"));
	}

	// ------------------------------------------------------------------ plugins

	/**
	 * Installs a plugin jar as a user of plain OSGi does: the jar is a file, installed through the
	 * framework from its {@code file:} location, and not started (the runtime decides). The test's
	 * bundle context uninstalls it after the test.
	 */
	Bundle install(TestJars jar) {
		Path file = jar.writeTo(jars.resolve("plugin-" + JARS.incrementAndGet() + ".jar"));
		try {
			return context.installBundle(file.toUri().toString());
		} catch (BundleException e) {
			throw new AssertionError("cannot install " + file + ": " + e.getMessage(), e);
		}
	}

	/**
	 * Installs a sample plugin's jar as built by this module ({@code target/plugins/<name>.jar}),
	 * through the framework, not started; the test's bundle context uninstalls it after the test.
	 */
	Bundle installSample(String name) {
		Path jar = Path.of(context.getProperty("pluginkit.data.dir")).getParent().getParent().resolve("plugins")
			.resolve(name + ".jar");
		try {
			return context.installBundle(jar.toUri().toString());
		} catch (BundleException e) {
			throw new AssertionError("cannot install " + jar + ": " + e.getMessage(), e);
		}
	}

	/** {@code plugin:list} as a table. */
	List<PluginRow> plugins() {
		Output list = shell("plugin:list");
		return table(list.out(), "NAME", "VERSION", "STATE", "ID", "AUTHOR", "REASON").stream()
			.map(c -> new PluginRow(c[0], c[1], c[2], c[3], c[4], c[5]))
			.toList();
	}

	/** The {@code plugin:list} row of a plugin by name, or {@code null}. */
	PluginRow plugin(String name) {
		return plugins().stream().filter(r -> r.name().equals(name)).findFirst().orElse(null);
	}

	/** The {@code plugin:list} row of a plugin's bundle, or {@code null}. */
	PluginRow plugin(Bundle bundle) {
		String id = Long.toString(bundle.getBundleId());
		return plugins().stream().filter(r -> r.id().equals(id)).findFirst().orElse(null);
	}

	/** {@code plugin:libraries} as a table, by symbolic name. */
	Map<String, LibraryRow> libraries() {
		Output list = shell("plugin:libraries");
		Map<String, LibraryRow> rows = new LinkedHashMap<>();
		for (String[] cells : table(list.out(), "ID", "STATE", "SYMBOLIC NAME", "VERSION")) {
			rows.put(cells[2], new LibraryRow(cells[0], cells[1], cells[2], cells[3]));
		}
		return rows;
	}

	/** Waits until {@code plugin:list} shows the plugin in that state, and returns its row. */
	PluginRow awaitPlugin(String name, String state) {
		return Await.until("plugin:list shows " + name + " " + state, () -> plugin(name),
			row -> row != null && row.state().equals(state));
	}

	/** Waits until {@code plugin:list} shows the plugin of that bundle in that state, and returns its row. */
	PluginRow awaitPlugin(Bundle bundle, String state) {
		return Await.until("plugin:list shows bundle " + bundle.getBundleId() + " " + state, () -> plugin(bundle),
			row -> row != null && row.state().equals(state));
	}

	// ------------------------------------------------------------------ shell

	/** Runs one Gogo command in a fresh session, as a user types it, and returns what it printed. */
	Output shell(String command) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		ByteArrayOutputStream err = new ByteArrayOutputStream();
		try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
			PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
			CommandSession session = gogo.createSession(new ByteArrayInputStream(new byte[0]), o, e);
			try {
				Object result = session.execute(command);
				if (result != null) {
					o.println(session.format(result, Converter.INSPECT));
				}
			} catch (Exception x) {
				e.println(x.getMessage() == null ? x.toString() : x.getMessage());
			} finally {
				session.close();
			}
		}
		return new Output(out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
	}

	/**
	 * Runs one Gogo command in a fresh session, as a script does ({@code x = plugin:disable y}), and
	 * returns its result; a failing command throws what the command threw.
	 */
	Object execute(String command) throws Exception {
		ByteArrayOutputStream ignored = new ByteArrayOutputStream();
		try (PrintStream o = new PrintStream(ignored, true, StandardCharsets.UTF_8)) {
			CommandSession session = gogo.createSession(new ByteArrayInputStream(new byte[0]), o, o);
			try {
				return session.execute(command);
			} finally {
				session.close();
			}
		}
	}

	/**
	 * The rows of a table the shell printed: columns start where their heading starts; the table
	 * ends at the first line without the column gap after the first column (e.g. the summary line).
	 */
	private static List<String[]> table(String text, String... headings) {
		List<String> lines = text.lines().toList();
		int header = -1;
		for (int i = 0; i < lines.size() && header < 0; i++) {
			if (lines.get(i).startsWith(headings[0] + " ")) {
				header = i;
			}
		}
		if (header < 0) {
			throw new AssertionError("no table with " + String.join(", ", headings) + " in:\n" + text);
		}
		String head = lines.get(header);
		int[] start = new int[headings.length];
		for (int c = 1; c < headings.length; c++) {
			start[c] = head.indexOf("  " + headings[c], start[c - 1]) + 2;
		}
		return lines.subList(header + 1, lines.size())
			.stream()
			.takeWhile(line -> line.length() > start[1] && line.charAt(0) != ' '
				&& line.substring(start[1] - 2, start[1]).equals("  "))
			.map(line -> {
				String[] cells = new String[headings.length];
				for (int c = 0; c < headings.length; c++) {
					int from = Math.min(start[c], line.length());
					int to = c + 1 < headings.length ? Math.min(start[c + 1], line.length()) : line.length();
					cells[c] = line.substring(from, to).trim();
				}
				return cells;
			})
			.toList();
	}

	// ------------------------------------------------------------------ HTTP

	int port() {
		return port;
	}

	/** GET a path of the runtime, with header name/value pairs. */
	HttpResponse<String> get(String path, String... headers) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
			.timeout(Duration.ofSeconds(10));
		for (int i = 0; i < headers.length; i += 2) {
			request.header(headers[i], headers[i + 1]);
		}
		try {
			return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
		} catch (IOException e) {
			throw new UncheckedIOException("GET " + path + " failed", e);
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new AssertionError("interrupted during GET " + path, e);
		}
	}

	/** POST a body to a path of the runtime, with header name/value pairs. */
	HttpResponse<String> post(String path, String body, String... headers) {
		HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(10))
			.POST(HttpRequest.BodyPublishers.ofString(body));
		for (int i = 0; i < headers.length; i += 2) {
			request.header(headers[i], headers[i + 1]);
		}
		try {
			return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
		} catch (IOException e) {
			throw new UncheckedIOException("POST " + path + " failed", e);
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new AssertionError("interrupted during POST " + path, e);
		}
	}

	/** A request with any method (and no body) to a path of the runtime. */
	HttpResponse<String> send(String method, String path) {
		HttpRequest request = HttpRequest.newBuilder(uri(path))
			.timeout(Duration.ofSeconds(10))
			.method(method, HttpRequest.BodyPublishers.noBody())
			.build();
		try {
			return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
		} catch (IOException e) {
			throw new UncheckedIOException(method + " " + path + " failed", e);
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new AssertionError("interrupted during " + method + " " + path, e);
		}
	}

	/**
	 * GET a path whose body streams: the response as soon as its status and headers arrive, with
	 * the body as lines read while the server still sends.
	 */
	java.util.concurrent.CompletableFuture<HttpResponse<java.util.stream.Stream<String>>> stream(String path) {
		return HTTP.sendAsync(HttpRequest.newBuilder(uri(path)).build(), HttpResponse.BodyHandlers.ofLines());
	}

	URI uri(String path) {
		return URI.create("http://127.0.0.1:" + port + path);
	}

	/** Waits until GET {@code path} answers {@code status}, and returns that response. */
	HttpResponse<String> awaitStatus(String path, int status, String... headers) {
		return Await.until("GET " + path + " answers " + status, () -> get(path, headers), r -> r.statusCode() == status);
	}

	private static int port(ServiceReference<HttpServiceRuntime> http) {
		Object port = http.getProperty("org.osgi.service.http.port");
		if (port != null && !port.toString().isBlank()) {
			return Integer.parseInt(port.toString().trim());
		}
		Object endpoint = http.getProperty("osgi.http.endpoint");
		String first = endpoint instanceof String[] a && a.length > 0 ? a[0] : String.valueOf(endpoint);
		Matcher m = ENDPOINT_PORT.matcher(first);
		return m.find() ? Integer.parseInt(m.group(1)) : 0;
	}
}
