package io.pluginkit.sample.eventsender;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.pluginkit.api.event.SendingEvent;

class EventSendingPluginTest {

	final BucketServer server;

	EventSendingPluginTest() throws Exception {
		server = new BucketServer();
	}

	@AfterEach
	void stop() {
		server.close();
	}

	@Test
	void initializeCreatesTheBucketAndFailsOnAnyOtherAnswerThan201Or409() throws Exception {
		new EventSendingPlugin(server.url(), "plugin_test_bucket").initialize();
		assertThat(server.received).containsExactly("POST /1/buckets?bucket=plugin_test_bucket");

		server.createStatus = 403;
		server.createBody = "{\"error\":\"forbidden\"}";
		assertThatThrownBy(() -> new EventSendingPlugin(server.url(), "b2").initialize())
			.hasMessage("failed create bucket, b2, response: {\"error\":\"forbidden\"}");
	}

	@Test
	void anEventIsPostedInLunasShape() throws Exception {
		EventSendingPlugin plugin = new EventSendingPlugin(server.url(), "plugin_test_bucket");

		plugin.sendEvents(new SendingEvent("h1", "a1", "r1", List.of(Map.of("event_id", "e1")), "t0", "t1"));

		assertThat(server.received).containsExactly("POST /1/buckets/plugin_test_bucket/objects "
			+ "{\"handler_id\":\"h1\",\"account_id\":\"a1\",\"Luna-Request-Id\":\"r1\",\"events\":[{\"event_id\":\"e1\"}],"
			+ "\"event_create_time\":\"t0\",\"event_end_time\":\"t1\"}");
	}
}
