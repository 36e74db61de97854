package io.pluginkit.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import io.pluginkit.testing.Await;
import io.pluginkit.testing.BucketServer;

/**
 * The LUNA samples as a user meets them: {@code pluginkit.jar} with teapot, monitoring and
 * event-sender in its folder, the two bucket plugins disabled until enabled from the shell, talking to
 * a bucket server on LUNA's default address ({@code 127.0.0.1:5020}, a local stand-in here).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LunaSamplesIT {

	static final HttpClient HTTP = HttpClient.newHttpClient();

	PluginKitProcess pluginkit;
	BucketServer buckets;

	@BeforeAll
	void launch(@TempDir Path temp) throws IOException {
		Path plugins = Files.createDirectories(temp.resolve("plugins"));
		for (String sample : List.of("teapot", "monitoring", "event-sender")) {
			Files.copy(PluginKitProcess.samples().resolve(sample + ".jar"), plugins.resolve(sample + ".jar"));
		}
		buckets = BucketServer.onPort(5020);
		pluginkit = new PluginKitProcess(temp.resolve("data"), plugins).start();
	}

	@AfterAll
	void stop() {
		pluginkit.close();
		if (buckets != null) {
			buckets.close();
		}
	}

	@Test
	@Order(1)
	void teapotIsOnAndTheBucketPluginsWaitToBeEnabled() {
		assertThat(pluginkit.startupLine()).endsWith("1 plugin enabled, 2 disabled, 0 failed");
		HttpResponse<String> teapot = pluginkit.get("/teapot");
		assertThat(teapot.statusCode()).isEqualTo(418);
		assertThat(teapot.body()).isEqualTo("I am teapot");
		assertThat(pluginkit.awaitLine(l -> l.endsWith("I boil water, temperature: 1"))).contains("io.pluginkit.sample.teapot.Heater");
		assertThat(pluginkit.get("/teapot/temperature").body()).matches("\\{\"temperature\":\\d+\\}");
	}

	@Test
	@Order(2)
	void monitoringSendsEachRequestsPointOnceEnabledAndStopsAtOnceWhenDisabled() {
		Assumptions.assumeTrue(buckets != null, "port 5020 (LUNA's bucket server) is taken here");
		assertThat(pluginkit.shell("plugin:enable monitoring")).contains("plugin 'monitoring' ENABLED");
		Await.until("the bucket is created", () -> buckets.received, r -> r.contains("POST /1/buckets?bucket=plugin_test_bucket"));

		String point = Await.until("a point of /teapot arrives", () -> {
			pluginkit.get("/teapot");
			return buckets.objects("plugin_test_bucket").stream().filter(o -> o.contains("\"path\":\"/teapot\"")).findFirst()
				.orElse(null);
		}, p -> p != null);
		assertThat(point).contains("\"status\":\"418\"", "\"plugin\":\"teapot\"", "\"duration_ms\":");

		assertThat(pluginkit.shell("plugin:disable monitoring")).contains("plugin 'monitoring' DISABLED");
		int sent = buckets.objects("plugin_test_bucket").size();
		for (int i = 0; i < 5; i++) {
			pluginkit.get("/teapot");
		}
		assertThat(pluginkit.shell("plugin:info monitoring")).anyMatch(l -> l.contains("events delivered: "));
		assertThat(buckets.objects("plugin_test_bucket")).hasSize(sent);
	}

	@Test
	@Order(3)
	void eventSenderPostsWhatApiEventsPublishes() throws Exception {
		Assumptions.assumeTrue(buckets != null, "port 5020 (LUNA's bucket server) is taken here");
		assertThat(pluginkit.shell("plugin:enable event-sender")).contains("plugin 'event-sender' ENABLED");
		String token = pluginkit.dataFile("admin.token").trim();

		HttpResponse<String> accepted = post("/api/events/pluginkit/sending",
			"{\"handlerId\":\"h1\",\"accountId\":\"a1\",\"requestId\":\"r1\",\"events\":[],\"createEventTime\":\"t0\",\"endEventTime\":\"t1\"}",
			token);

		assertThat(accepted.statusCode()).isEqualTo(202);
		Await.until("the events reach the bucket", () -> buckets.objects("plugin_test_bucket"),
			o -> o.contains("{\"handler_id\":\"h1\",\"account_id\":\"a1\",\"Luna-Request-Id\":\"r1\",\"events\":[],"
				+ "\"event_create_time\":\"t0\",\"event_end_time\":\"t1\"}"));
		assertThat(post("/api/events/pluginkit/sending", "{\"handlerId\":", token).statusCode()).isEqualTo(400);
		assertThat(post("/api/events/pluginkit/sending", "{}", null).statusCode()).isEqualTo(401);
	}

	@Test
	@Order(4)
	void disablingTeapotStopsItsRoutesAndHeaterAtOnceAndEnablingStartsOverFromZero() {
		assertThat(pluginkit.shell("plugin:disable teapot")).contains("plugin 'teapot' DISABLED");
		assertThat(pluginkit.get("/teapot").statusCode()).isEqualTo(404);
		assertThat(pluginkit.get("/teapot/temperature").statusCode()).isEqualTo(404);
		int logged = countHeaterLines();

		assertThat(pluginkit.shell("plugin:enable teapot")).contains("plugin 'teapot' ENABLED");
		assertThat(pluginkit.awaitStatus("/teapot/temperature", 200).body()).isEqualTo("{\"temperature\":0}");
		pluginkit.awaitLine(l -> l.endsWith("I boil water, temperature: 1") && countHeaterLines() > logged);
	}

	private int countHeaterLines() {
		return (int) pluginkit.output().stream().filter(l -> l.contains("I boil water, temperature: ")).count();
	}

	private HttpResponse<String> post(String path, String body, String token) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + pluginkit.port() + path))
			.POST(HttpRequest.BodyPublishers.ofString(body));
		if (token != null) {
			request.header("Authorization", "Bearer " + token);
		}
		return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}
}
