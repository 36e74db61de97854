package io.pluginkit.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import io.pluginkit.testing.Await;

/**
 * The admin API and {@code /metrics} as an operator meets them with curl: {@code pluginkit.jar} with
 * helloworld, the token from {@code <data>/admin.token}, every change live and in the audit log, and
 * every bad input (no or wrong token, a forged cookie, a missing CSRF token, junk and oversize uploads,
 * a closed port, {@code file:} URLs, traversal names, unknown plugins, 100 wrong logins) answered with
 * a JSON error while nothing changes and the runtime keeps serving.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AdminApiIT {

	final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
	PluginKitProcess pluginkit;
	String token;
	Path temp;

	@BeforeAll
	void launch(@TempDir Path temp) throws IOException {
		this.temp = temp;
		Path plugins = Files.createDirectories(temp.resolve("plugins"));
		Files.copy(PluginKitProcess.samples().resolve("helloworld.jar"), plugins.resolve("helloworld.jar"));
		pluginkit = new PluginKitProcess(temp.resolve("data"), plugins).property("pluginkit.install.max.bytes", "200000")
			.start();
		token = pluginkit.dataFile("admin.token").trim();
	}

	@AfterAll
	void stop() {
		pluginkit.close();
	}

	String url(String path) {
		return "http://127.0.0.1:" + pluginkit.port() + path;
	}

	HttpResponse<String> send(HttpRequest.Builder request) {
		try {
			return http.send(request.timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
		} catch (IOException e) {
			throw new AssertionError(e);
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new AssertionError(e);
		}
	}

	HttpRequest.Builder admin(String path) {
		return HttpRequest.newBuilder(URI.create(url(path))).header("Authorization", "Bearer " + token);
	}

	HttpResponse<String> call(String method, String path, String json) {
		return send(admin(path).header("Content-Type", "application/json").method(method,
			json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json)));
	}

	HttpResponse<String> upload(String path, String method, byte[] jar, String fileName) {
		return send(admin(path + "?filename=" + fileName).header("Content-Type", "application/java-archive")
			.method(method, HttpRequest.BodyPublishers.ofByteArray(jar)));
	}

	String helloworldState() {
		HttpResponse<String> r = call("GET", "/admin/api/plugins/helloworld", null);
		assertThat(r.statusCode()).isEqualTo(200);
		return r.body().replaceAll("(?s).*?\"state\":\"([A-Z]+)\".*", "$1");
	}

	static void assertError(HttpResponse<String> r, int status, String detail) {
		assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
		assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
		assertThat(r.body()).startsWith("{\"error\":").contains("\"detail\":").contains(detail);
	}

	@Test
	@Order(1)
	void listsAndDescribesPluginsWithTheToken() {
		HttpResponse<String> list = call("GET", "/admin/api/plugins", null);
		assertThat(list.statusCode()).isEqualTo(200);
		assertThat(list.body()).startsWith("[").contains("\"name\":\"helloworld\"", "\"state\":\"ENABLED\"",
			"\"author\":\"PluginKit\"", "\"bundleId\":", "\"since\":");
		HttpResponse<String> detail = call("GET", "/admin/api/plugins/helloworld", null);
		assertThat(detail.statusCode()).isEqualTo(200);
		assertThat(detail.body()).contains("\"readmeHtml\":\"<h1>", "\"contributions\":[\"request hook",
			"\"components\":[", "\"metrics\":[", "\"errors\":[]");
	}

	@Test
	@Order(2)
	void refusesCallsWithoutTheRightToken() {
		assertError(send(HttpRequest.newBuilder(URI.create(url("/admin/api/plugins")))), 401, "Authorization: Bearer");
		assertError(send(HttpRequest.newBuilder(URI.create(url("/admin/api/plugins/helloworld/disable")))
			.header("Authorization", "Bearer not-the-token").POST(HttpRequest.BodyPublishers.noBody())), 401,
			"not the admin token");
		assertError(send(HttpRequest.newBuilder(URI.create(url("/admin/api/plugins"))).header("Cookie",
			"pluginkit_admin=forged")), 401, "session is unknown");
		assertThat(helloworldState()).isEqualTo("ENABLED");
	}

	@Test
	@Order(3)
	void aUiSessionNeedsItsCsrfTokenForChanges() {
		HttpResponse<String> login = send(HttpRequest.newBuilder(URI.create(url("/admin/login")))
			.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"token\":\"" + token + "\"}")));
		assertThat(login.statusCode()).isEqualTo(200);
		String cookie = login.headers().firstValue("Set-Cookie").orElseThrow();
		assertThat(cookie).startsWith("pluginkit_admin=").contains("HttpOnly", "SameSite=Strict", "Max-Age=", "Path=/admin");
		String session = cookie.substring(0, cookie.indexOf(';'));
		String csrf = login.body().replaceAll(".*\"csrf\":\"([^\"]+)\".*", "$1");
		HttpRequest.Builder disable = HttpRequest.newBuilder(URI.create(url("/admin/api/plugins/helloworld/disable")))
			.header("Cookie", session).POST(HttpRequest.BodyPublishers.noBody());
		assertError(send(disable), 403, "X-CSRF-Token");
		assertError(send(HttpRequest.newBuilder(URI.create(url("/admin/api/plugins/helloworld/disable")))
			.header("Cookie", session).header("X-CSRF-Token", "forged").POST(HttpRequest.BodyPublishers.noBody())), 403,
			"X-CSRF-Token");
		assertThat(helloworldState()).isEqualTo("ENABLED");
		HttpResponse<String> reads = send(HttpRequest.newBuilder(URI.create(url("/admin/api/plugins"))).header("Cookie", session));
		assertThat(reads.statusCode()).isEqualTo(200);
		HttpResponse<String> done = send(HttpRequest.newBuilder(URI.create(url("/admin/api/plugins/helloworld/disable")))
			.header("Cookie", session).header("X-CSRF-Token", csrf).POST(HttpRequest.BodyPublishers.noBody()));
		assertThat(done.statusCode()).isEqualTo(200);
		assertThat(done.body()).contains("\"state\":\"DISABLED\"");
		assertThat(call("POST", "/admin/api/plugins/helloworld/enable", null).body()).contains("\"state\":\"ENABLED\"");
	}

	@Test
	@Order(4)
	void enableAndDisableAreStreamedAndAudited() throws Exception {
		BlockingQueue<String> lines = new LinkedBlockingQueue<>();
		var stream = http.sendAsync(admin("/admin/api/events").build(), HttpResponse.BodyHandlers.ofLines())
			.thenAccept(r -> r.body().forEach(lines::add));
		Await.until("the event stream to open", () -> lines.poll(100, TimeUnit.MILLISECONDS), l -> l != null && l.contains("connected"));
		HttpResponse<String> disabled = call("POST", "/admin/api/plugins/helloworld/disable", null);
		assertThat(disabled.statusCode()).isEqualTo(200);
		assertThat(pluginkit.get("/limit").statusCode()).isEqualTo(404);
		String event = Await.until("the disable event", () -> lines.poll(100, TimeUnit.MILLISECONDS),
			l -> l != null && l.startsWith("data:") && l.contains("\"name\":\"helloworld\"") && l.contains("\"state\":\"DISABLED\""));
		assertThat(event).contains("\"previous\":\"ENABLED\"");
		assertThat(call("POST", "/admin/api/plugins/helloworld/enable", null).body()).contains("\"state\":\"ENABLED\"");
		Await.until("the enable event", () -> lines.poll(100, TimeUnit.MILLISECONDS),
			l -> l != null && l.contains("\"name\":\"helloworld\"") && l.contains("\"state\":\"ENABLED\""));
		stream.cancel(true);
		String audit = pluginkit.dataFile("audit.log");
		assertThat(audit).contains("\"action\":\"disable\",\"target\":\"helloworld\",\"status\":200,\"result\":\"DISABLED\"")
			.contains("\"action\":\"enable\",\"target\":\"helloworld\",\"status\":200,\"result\":\"ENABLED\"")
			.contains("\"from\":\"127.0.0.1\"");
	}

	@Test
	@Order(5)
	void uploadsUpdatesConfiguresAndUninstallsAPlugin() throws IOException {
		byte[] teapot = Files.readAllBytes(PluginKitProcess.samples().resolve("teapot.jar"));
		HttpResponse<String> up = upload("/admin/api/plugins", "POST", teapot, "teapot.jar");
		assertThat(up.statusCode()).as(up.body()).isEqualTo(201);
		assertThat(up.body()).contains("\"name\":\"teapot\"", "\"state\":\"ENABLED\"");
		assertThat(pluginkit.awaitStatus("/teapot", 418).body()).contains("I am teapot");
		assertError(upload("/admin/api/plugins", "POST", teapot, "teapot.jar"), 409, "teapot");
		HttpResponse<String> updated = upload("/admin/api/plugins/teapot", "PUT", teapot, "teapot-2.jar");
		assertThat(updated.statusCode()).as(updated.body()).isEqualTo(200);
		HttpResponse<String> config = call("PUT", "/admin/api/plugins/teapot/config", "{\"max\":50,\"label\":\"kitchen\"}");
		assertThat(config.statusCode()).as(config.body()).isEqualTo(200);
		assertThat(call("GET", "/admin/api/plugins/teapot/config", null).body())
			.isEqualTo("{\"pid\":\"pluginkit.teapot\",\"properties\":{\"label\":\"kitchen\",\"max\":50}}");
		assertError(call("PUT", "/admin/api/plugins/teapot/config", "{\"service.pid\":\"x\"}"), 400, "service.pid");
		HttpResponse<String> gone = call("DELETE", "/admin/api/plugins/teapot", null);
		assertThat(gone.statusCode()).isEqualTo(200);
		assertThat(pluginkit.awaitStatus("/teapot", 404).statusCode()).isEqualTo(404);
		assertError(call("GET", "/admin/api/plugins/teapot", null), 404, "not found");
		assertThat(pluginkit.dataFile("audit.log")).contains("\"action\":\"upload\",\"target\":\"teapot\",\"status\":201")
			.contains("\"action\":\"uninstall\",\"target\":\"teapot\",\"status\":200");
	}

	@Test
	@Order(6)
	void badInputIsAClearJsonErrorAndChangesNothing() throws IOException {
		String before = call("GET", "/admin/api/plugins", null).body();
		assertError(upload("/admin/api/plugins", "POST", "not a jar at all".getBytes(StandardCharsets.UTF_8), "junk.jar"),
			400, "not a valid jar");
		assertError(upload("/admin/api/plugins", "POST", new byte[300_000], "big.jar"), 413, "at most 200000 bytes");
		assertError(upload("/admin/api/plugins", "POST", new byte[10], "..%2F..%2Fevil.jar"), 400, "no path");
		assertError(call("POST", "/admin/api/plugins/install", "{\"url\":\"http://127.0.0.1:1/plugin.jar\"}"), 400,
			"cannot connect");
		assertError(call("POST", "/admin/api/plugins/install", "{\"url\":\"file:///etc/passwd\"}"), 400, "only http: and https:");
		assertError(call("POST", "/admin/api/plugins/install", "{\"url\":\"http://127.0.0.1:1/a/../b.jar\"}"), 400, "'..'");
		assertError(call("POST", "/admin/api/plugins/install", "{\"mvn\":\"../..:x:1\"}"), 400, "not a Maven coordinate");
		assertError(call("POST", "/admin/api/plugins/install", "not json"), 400, "not JSON");
		assertError(call("POST", "/admin/api/plugins/Evil$Name/enable", null), 400, "not a plugin name");
		assertError(call("POST", "/admin/api/plugins/nosuch/enable", null), 404, "plugin 'nosuch' not found");
		assertError(call("DELETE", "/admin/api/plugins/nosuch", null), 404, "not found");
		assertThat(call("GET", "/admin/api/plugins", null).body()).isEqualTo(before);
		assertThat(pluginkit.get("/health").statusCode()).isEqualTo(200);
	}

	@Test
	@Order(20)
	void aHundredWrongLoginsAreRateLimitedAndLogged() {
		int refused = 0;
		for (int i = 0; i < 100; i++) {
			HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(url("/admin/login")))
				.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"token\":\"guess-" + i + "\"}")));
			assertThat(r.statusCode()).isIn(401, 429);
			assertThat(r.body()).startsWith("{\"error\":");
			if (r.statusCode() == 429) {
				refused++;
				assertThat(r.headers().firstValue("Retry-After")).isPresent();
			}
		}
		assertThat(refused).isEqualTo(90);
		HttpResponse<String> right = send(HttpRequest.newBuilder(URI.create(url("/admin/login")))
			.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"token\":\"" + token + "\"}")));
		assertError(right, 429, "try again in");
		assertThat(pluginkit.output()).anyMatch(l -> l.contains("admin: wrong token at login from 127.0.0.1 (10 in a row"));
		// while the address waits, even the right bearer token is refused: a guess cannot tell it hit
		assertError(call("POST", "/admin/api/plugins/helloworld/disable", null), 429, "try again in");
		assertThat(pluginkit.get("/health").statusCode()).isEqualTo(200);
		assertThat(pluginkit.shell("plugin:list")).anyMatch(l -> l.startsWith("helloworld") && l.contains("ENABLED"));
		assertThat(pluginkit.dataFile("audit.log")).contains("wrong token at login (10 in a row)")
			.contains("\"status\":429");
	}

	@Test
	@Order(8)
	void metricsArePrometheusTextWithPerPluginFigures() {
		for (int i = 0; i < 3; i++) {
			assertThat(pluginkit.get("/limit").statusCode()).isEqualTo(200);
		}
		HttpResponse<String> metrics = pluginkit.get("/metrics");
		assertThat(metrics.statusCode()).isEqualTo(200);
		assertThat(metrics.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain; version=0.0.4");
		assertThat(metrics.body()).contains("# TYPE pluginkit_http_requests_total counter",
			"pluginkit_http_request_duration_seconds_bucket{plugin=\"helloworld\",le=\"+Inf\"}",
			"pluginkit_plugins{state=\"ENABLED\"} 1.0", "pluginkit_plugin_enabled{plugin=\"helloworld\",state=\"ENABLED\"} 1.0",
			"pluginkit_hook_failures_total{plugin=\"helloworld\"} 0.0", "pluginkit_jvm_memory_used_bytes{area=\"heap\"}",
			"pluginkit_jvm_threads{kind=\"live\"}", "# TYPE pluginkit_hook_seconds_total counter");
		// helloworld's hook ran on the requests above: its time is counted
		assertThat(metrics.body().lines().filter(l -> l.startsWith("pluginkit_hook_seconds_total{plugin=\"helloworld\"}"))
			.map(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))).singleElement().satisfies(v -> assertThat(v).isPositive());
		String line = metrics.body().lines().filter(l -> l.startsWith("pluginkit_http_requests_total{plugin=\"helloworld\",status=\"2xx\"}"))
			.findFirst().orElseThrow();
		assertThat(Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).isGreaterThanOrEqualTo(3);
		String count = metrics.body().lines().filter(l -> l.startsWith("pluginkit_http_request_duration_seconds_count{plugin=\"helloworld\"}"))
			.findFirst().orElseThrow();
		assertThat(Double.parseDouble(count.substring(count.lastIndexOf(' ') + 1))).isGreaterThanOrEqualTo(3);
		assertThat(pluginkit.output()).noneMatch(l -> l.contains("request observer") && l.contains("threw"));
	}

	@Test
	@Order(9)
	void anAddressOutsideTheAllowListIsRefused() throws IOException {
		try (PluginKitProcess denied = new PluginKitProcess(temp.resolve("data-denied"),
			Files.createDirectories(temp.resolve("plugins-denied"))).property("pluginkit.admin.allow", "10.1.2.0/24, 192.0.2.7")
			.start()) {
			String deniedToken = denied.dataFile("admin.token").trim();
			HttpResponse<String> r = denied.get("/admin/api/plugins", "Authorization", "Bearer " + deniedToken);
			assertError(r, 403, "127.0.0.1 is not in pluginkit.admin.allow");
			assertError(denied.get("/api/tasks", "Authorization", "Bearer " + deniedToken), 403, "pluginkit.admin.allow");
			assertThat(denied.get("/admin/").statusCode()).isEqualTo(403);
			assertThat(denied.get("/health").statusCode()).isEqualTo(200);
		}
	}

	@Test
	@Order(10)
	void pluginHooksNeverRunOnTheAdminRoutes() {
		// helloworld's hook redirects every request from 127.0.0.1 in the default context; /admin is not one
		assertThat(helloworldState()).isEqualTo("ENABLED");
		assertThat(pluginkit.get("/").statusCode()).isEqualTo(302);
		HttpResponse<String> ui = pluginkit.get("/admin/");
		assertThat(ui.statusCode()).isEqualTo(200);
		assertThat(ui.body()).contains("<title>PluginKit admin</title>").doesNotContainPattern("(src|href)=\"(https?:)?//"); // no CDN
		assertThat(ui.headers().firstValue("Content-Security-Policy").orElse("")).contains("script-src 'self'");
		assertThat(List.of("/admin/app.js", "/admin/app.css")).allSatisfy(p -> assertThat(pluginkit.get(p).statusCode()).isEqualTo(200));
	}
}
