package io.pluginkit.itest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.osgi.framework.FrameworkUtil;
import org.osgi.test.common.annotation.InjectService;

import io.pluginkit.api.event.Event;
import io.pluginkit.api.event.EventListener;
import io.pluginkit.api.event.EventPublisher;
import io.pluginkit.api.event.EventTopic;
import io.pluginkit.api.event.MonitoringPoint;
import io.pluginkit.api.event.MonitoringPoints;
import io.pluginkit.api.event.PluginLifecycle;
import io.pluginkit.itest.PluginKit.PluginRow;
import io.pluginkit.testing.Await;
import io.pluginkit.testing.TestJars;
import io.pluginkit.testing.plugins.HangingListener;
import io.pluginkit.testing.plugins.TaggingServlet;

/**
 * Events in the running PluginKit: listeners of plugins, the runtime's lifecycle and monitoring
 * topics, {@code POST /api/events}, and a hanging listener quarantined while others keep receiving.
 */
class EventsTest extends InFrameworkTest {

	static final String EVENT_IMPORTS = "io.pluginkit.api.event;version=\"[1.0,2)\"";

	@InjectService(timeout = 30_000)
	EventPublisher publisher;

	String token;

	@BeforeEach
	void readToken() throws IOException {
		token = Files.readString(Path.of(context.getProperty("pluginkit.data.dir"), "admin.token")).trim();
	}

	/** Registers a listener of the test itself on {@code topics}; returns what it receives. */
	List<Event> listen(String... topics) {
		List<Event> received = new CopyOnWriteArrayList<>();
		context.registerService(EventListener.class, received::add,
			FrameworkUtil.asDictionary(Map.of(EventTopic.PROPERTY, topics)));
		return received;
	}

	@Test
	void aHangingListenerIsQuarantinedWhileAnotherKeepsReceiving() {
		List<Event> other = listen("itest/hang");
		pluginkit.install(TestJars.plugin("sleepy").imports(EVENT_IMPORTS).component(HangingListener.class,
			EventListener.class.getName(), "pluginkit.event.topic=itest/hang", "pluginkit.event.timeout.ms:Long=300"));
		pluginkit.awaitPlugin("sleepy", "ENABLED");

		for (int i = 0; i < 20; i++) {
			publisher.publish("itest/hang", i);
		}

		PluginRow quarantined = pluginkit.awaitPlugin("sleepy", "FAILED");
		assertThat(quarantined.reason()).isEqualTo("quarantined: event listener " + HangingListener.class.getName()
			+ " took longer than its timeout of 300 ms");
		Await.until("the other listener got all 20", () -> other.size(), n -> n == 20);
		assertThat(other).extracting(Event::payload).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15,
			16, 17, 18, 19);
		assertThat(pluginkit.shell("plugin:info sleepy").out()).contains("dropped (plugin stopped): 19");
		assertThat(publisher.publish("itest/hang", "after")).as("only the other listener now").isEqualTo(1);
	}

	@Test
	void lifecycleEventsFollowAPluginFromInstallToUninstall() throws Exception {
		List<Event> lifecycle = listen(PluginLifecycle.TOPIC);
		var bundle = pluginkit.install(TestJars.servletPlugin("cycled", "/itest/cycled", "hi"));
		pluginkit.awaitPlugin("cycled", "ENABLED");
		pluginkit.shell("plugin:disable cycled");
		pluginkit.shell("plugin:enable cycled");
		bundle.uninstall();

		List<String> changes = Await.until("the uninstall is published", () -> changes(lifecycle, "cycled"),
			c -> c.contains("uninstalled"));
		assertThat(changes).containsSubsequence("installed", "enabled", "disabled", "enabled", "uninstalled");
		Event first = lifecycle.stream().filter(e -> e.payload(PluginLifecycle.class).plugin().equals("cycled")).findFirst()
			.orElseThrow();
		assertThat(first.source()).isEqualTo("pluginkit");
		assertThat(first.payload(PluginLifecycle.class).bundleId()).isEqualTo(bundle.getBundleId());
	}

	static List<String> changes(List<Event> events, String plugin) {
		return events.stream().map(e -> e.payload(PluginLifecycle.class)).filter(l -> l.plugin().equals(plugin))
			.map(PluginLifecycle::change).toList();
	}

	@Test
	void aMonitoringPointCarriesTheRequestAndWhatThePluginAdded() {
		List<Event> monitoring = listen(MonitoringPoints.TOPIC);
		pluginkit.install(TestJars.plugin("tagger").imports(TestJars.SERVLET_IMPORTS + "," + EVENT_IMPORTS)
			.component(TaggingServlet.class, "jakarta.servlet.Servlet", "osgi.http.whiteboard.servlet.pattern=/itest/tagged"));
		pluginkit.awaitStatus("/itest/tagged", 200);

		MonitoringPoint point = Await.until("a point for /itest/tagged", () -> monitoring.stream()
			.flatMap(e -> e.payload(MonitoringPoints.class).points().stream())
			.filter(p -> p.path().equals("/itest/tagged") && p.status() == 200).findFirst().orElse(null), p -> p != null);

		assertThat(point.method()).isEqualTo("GET");
		assertThat(point.status()).isEqualTo(200);
		assertThat(point.plugin()).isEqualTo("tagger");
		assertThat(point.durationMillis()).isPositive();
		assertThat(point.tags()).containsEntry("camera", "3").containsEntry("path", "/itest/tagged")
			.containsEntry("status", "200").containsEntry("plugin", "tagger").containsKey("request_id");
		assertThat(point.fields()).containsEntry("faces", 2).containsKey("duration_ms");
	}

	@Test
	void postingAnEventReachesItsListenersAndBadInputIsRefused() {
		List<Event> posted = listen("itest/posted");
		String auth = "Bearer " + token;

		HttpResponse<String> accepted = pluginkit.post("/api/events/itest/posted", "{\"a\":1,\"b\":[true,\"x\"]}",
			"Authorization", auth, "Content-Type", "application/json");

		assertThat(accepted.statusCode()).isEqualTo(202);
		assertThat(accepted.body()).isEqualTo("{\"topic\":\"itest/posted\",\"listeners\":1}");
		Await.until("the listener got it", posted::size, n -> n == 1);
		assertThat(posted.get(0).payload()).isEqualTo(Map.of("a", 1L, "b", List.of(true, "x")));
		assertThat(posted.get(0).source()).isEqualTo("api");

		HttpResponse<String> malformed = pluginkit.post("/api/events/itest/posted", "{\"a\":", "Authorization", auth);
		assertThat(malformed.statusCode()).isEqualTo(400);
		assertThat(malformed.body()).startsWith("{\"error\":\"malformed JSON\",\"detail\":");
		HttpResponse<String> badTopic = pluginkit.post("/api/events/itest/bad*topic", "{}", "Authorization", auth);
		assertThat(badTopic.statusCode()).isEqualTo(400);
		assertThat(badTopic.body()).contains("'itest/bad*topic' is not a topic");
		HttpResponse<String> reserved = pluginkit.post("/api/events/pluginkit/lifecycle", "{}", "Authorization", auth);
		assertThat(reserved.statusCode()).isEqualTo(400);
		assertThat(reserved.body()).contains("topic 'pluginkit/lifecycle' is published by PluginKit itself");
		assertThat(pluginkit.post("/api/events/itest/posted", "{}").statusCode()).isEqualTo(401);
		assertThat(pluginkit.get("/api/events/itest/posted", "Authorization", auth).statusCode()).isEqualTo(405);
		assertThat(posted).as("nothing refused was published").hasSize(1);
	}

	@Test
	void aListenerWithABadTopicPatternIsNamedAgainstItsPlugin() {
		pluginkit.install(TestJars.plugin("badtopic").imports(EVENT_IMPORTS).component(HangingListener.class,
			EventListener.class.getName(), "pluginkit.event.topic=itest/*/x"));

		PluginRow row = Await.until("plugin:list names the listener", () -> pluginkit.plugin("badtopic"),
			r -> r != null && !r.reason().isEmpty());

		assertThat(row.state()).isEqualTo("ENABLED");
		assertThat(row.reason()).isEqualTo("event listener " + HangingListener.class.getName()
			+ " has 'itest/*/x' is not a topic pattern: use a topic (acme/orders), a prefix and '/*' (acme/*) or '*'");
	}
}
