package io.pluginkit.itest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Dictionary;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.osgi.framework.FrameworkUtil;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.test.common.annotation.InjectService;

import io.pluginkit.api.event.Event;
import io.pluginkit.api.event.EventListener;
import io.pluginkit.api.event.EventTopic;
import io.pluginkit.api.event.MonitoringPoints;
import io.pluginkit.itest.PluginKit.PluginRow;
import io.pluginkit.testing.Await;
import io.pluginkit.testing.BucketServer;
import io.pluginkit.testing.TestJars;
import io.pluginkit.testing.plugins.TaggingServlet;

/**
 * The LUNA samples as built by this module, in the running PluginKit, against local bucket servers:
 * teapot on and off live, monitoring's url changed live and monitoring off live, event-sender fed by
 * {@code POST /api/events/pluginkit/sending}.
 */
class LunaSamplesTest extends InFrameworkTest {

	@InjectService(timeout = 30_000)
	ConfigurationAdmin configurationAdmin;

	final List<BucketServer> servers = new CopyOnWriteArrayList<>();
	final Map<String, Configuration> configurations = new java.util.concurrent.ConcurrentHashMap<>();

	@AfterEach
	void cleanUp() throws IOException {
		for (Configuration c : configurations.values()) {
			c.delete();
		}
		servers.forEach(BucketServer::close);
	}

	BucketServer server() {
		BucketServer server = new BucketServer();
		servers.add(server);
		return server;
	}

	void configure(String pid, Map<String, Object> properties) throws IOException {
		Configuration c = configurationAdmin.getConfiguration(pid, "?");
		Dictionary<String, Object> d = FrameworkUtil.asDictionary(properties);
		c.update(d);
		configurations.put(pid, c);
	}

	int temperature() {
		String body = pluginkit.awaitStatus("/teapot/temperature", 200).body();
		assertThat(body).matches("\\{\"temperature\":\\d+\\}");
		return Integer.parseInt(body.replaceAll("\\D", ""));
	}

	@Test
	void teapotAnswers418WhileItsHeaterWarmsAndDisablingItStopsBothAtOnce() throws Exception {
		configure("pluginkit.teapot", Map.of("interval.ms", 10L));
		pluginkit.installSample("teapot");
		pluginkit.awaitPlugin("teapot", "ENABLED");

		HttpResponse<String> teapot = pluginkit.awaitStatus("/teapot", 418);
		assertThat(teapot.body()).isEqualTo("I am teapot");
		assertThat(teapot.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/plain"));
		int hot = Await.until("the water is hot", this::temperature, t -> t >= 60);
		assertThat(pluginkit.shell("plugin:info teapot").out())
			.contains("background service io.pluginkit.sample.teapot.Heater: RUNNING, restarts 0");

		assertThat(pluginkit.shell("plugin:disable teapot").out()).contains("plugin 'teapot' DISABLED");

		assertThat(pluginkit.get("/teapot").statusCode()).isEqualTo(404);
		assertThat(pluginkit.get("/teapot/temperature").statusCode()).isEqualTo(404);
		assertThat(BackgroundTest.threadAlive("pluginkit-background-teapot-Heater")).isFalse();

		pluginkit.shell("plugin:enable teapot");
		assertThat(temperature()).as("a new heater starts over from 0").isLessThan(hot);
	}

	@Test
	void monitoringCreatesItsBucketSendsEachPointFollowsItsUrlLiveAndStopsAtOnceWhenDisabled() throws Exception {
		BucketServer first = server();
		configure("pluginkit.monitoring", Map.of("url", first.url()));
		List<Event> published = new CopyOnWriteArrayList<>();
		context.registerService(EventListener.class, published::add,
			FrameworkUtil.asDictionary(Map.of(EventTopic.PROPERTY, MonitoringPoints.TOPIC)));
		pluginkit.install(TestJars.plugin("tagger").imports(TestJars.SERVLET_IMPORTS + "," + EventsTest.EVENT_IMPORTS)
			.component(TaggingServlet.class, "jakarta.servlet.Servlet", "osgi.http.whiteboard.servlet.pattern=/itest/tagged"));
		pluginkit.awaitStatus("/itest/tagged", 200);
		pluginkit.installSample("monitoring");
		assertThat(pluginkit.awaitPlugin("monitoring", "DISABLED").reason()).as("Plugin-State: disabled").isEmpty();

		pluginkit.shell("plugin:enable monitoring");
		pluginkit.awaitPlugin("monitoring", "ENABLED");
		Await.until("the bucket is created", () -> first.received, r -> r.contains("POST /1/buckets?bucket=plugin_test_bucket"));
		pluginkit.get("/itest/tagged?x=1");

		String object = Await.until("the point reached the bucket", () -> first.objects("plugin_test_bucket").stream()
			.filter(o -> o.contains("\"camera\"")).findFirst().orElse(null), o -> o != null);
		assertThat(object).startsWith("{\"tags\":{\"camera\":\"3\",\"request_id\":")
			.contains("\"method\":\"GET\",\"path\":\"/itest/tagged\",\"status\":\"200\",\"plugin\":\"tagger\"}")
			.contains("\"fields\":{\"faces\":2,\"duration_ms\":");

		BucketServer second = server();
		configure("pluginkit.monitoring", Map.of("url", second.url()));
		Await.until("the next point goes to the new url", () -> {
			pluginkit.get("/itest/tagged");
			return second.objects("plugin_test_bucket");
		}, o -> !o.isEmpty());

		assertThat(pluginkit.shell("plugin:disable monitoring").out()).contains("plugin 'monitoring' DISABLED");
		int before = second.objects("plugin_test_bucket").size();
		published.clear();
		pluginkit.get("/itest/tagged?after=disable");
		Await.until("the point after the disable was published", () -> published.stream()
			.flatMap(e -> e.payload(MonitoringPoints.class).points().stream()).anyMatch(p -> p.path().equals("/itest/tagged")),
			seen -> seen);
		assertThat(second.objects("plugin_test_bucket")).as("nothing sent once disabled").hasSize(before);
	}

	@Test
	void monitoringFailsWithTheServersAnswerWhenItsBucketCannotBeCreated() throws Exception {
		BucketServer refusing = server();
		refusing.createStatus = 500;
		refusing.createBody = "{\"error\":\"disk full\"}";
		configure("pluginkit.monitoring", Map.of("url", refusing.url(), "bucket", "b1"));
		pluginkit.installSample("monitoring");
		pluginkit.awaitPlugin("monitoring", "DISABLED");

		pluginkit.shell("plugin:enable monitoring");

		PluginRow failed = pluginkit.awaitPlugin("monitoring", "FAILED");
		assertThat(failed.reason()).isEqualTo("event listener io.pluginkit.sample.monitoring.RequestMonitoringPlugin "
			+ "failed to initialize: failed create bucket, b1, response: {\"error\":\"disk full\"}");
		assertThat(pluginkit.get("/health").statusCode()).isEqualTo(200);
	}

	@Test
	void eventSenderPostsSendingEventsInLunasShape() throws Exception {
		BucketServer server = server();
		configure("pluginkit.event-sender", Map.of("url", server.url()));
		pluginkit.installSample("event-sender");
		pluginkit.awaitPlugin("event-sender", "DISABLED");
		pluginkit.shell("plugin:enable event-sender");
		Await.until("the bucket is created", () -> server.received, r -> r.contains("POST /1/buckets?bucket=plugin_test_bucket"));
		String token = Files.readString(Path.of(context.getProperty("pluginkit.data.dir"), "admin.token")).trim();

		HttpResponse<String> accepted = pluginkit.post("/api/events/pluginkit/sending",
			"{\"handlerId\":\"h1\",\"accountId\":\"a1\",\"requestId\":\"r1\",\"events\":[{\"event_id\":\"e1\",\"score\":3}],"
				+ "\"createEventTime\":\"t0\",\"endEventTime\":\"t1\"}",
			"Authorization", "Bearer " + token);

		assertThat(accepted.statusCode()).isEqualTo(202);
		assertThat(accepted.body()).isEqualTo("{\"topic\":\"pluginkit/sending\",\"listeners\":1}");
		List<String> objects = Await.until("the events reached the bucket", () -> server.objects("plugin_test_bucket"),
			o -> !o.isEmpty());
		assertThat(objects).containsExactly("{\"handler_id\":\"h1\",\"account_id\":\"a1\",\"Luna-Request-Id\":\"r1\","
			+ "\"events\":[{\"event_id\":\"e1\",\"score\":3}],\"event_create_time\":\"t0\",\"event_end_time\":\"t1\"}");
	}
}
