package io.pluginkit.sample.monitoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.pluginkit.api.event.MonitoringPoint;

class RequestMonitoringPluginTest {

	final BucketServer server;

	RequestMonitoringPluginTest() throws Exception {
		server = new BucketServer();
	}

	@AfterEach
	void stop() {
		server.close();
	}

	static MonitoringPoint point(String path) {
		Map<String, String> tags = new LinkedHashMap<>();
		tags.put("path", path);
		tags.put("status", "418");
		Map<String, Object> fields = new LinkedHashMap<>();
		fields.put("duration_ms", 1.5);
		return new MonitoringPoint("r1", Instant.EPOCH, "GET", path, 418, 1.5, "teapot", tags, fields);
	}

	@Test
	void initializeCreatesTheBucket() throws Exception {
		new RequestMonitoringPlugin(server.url(), "plugin_test_bucket").initialize();

		assertThat(server.received).containsExactly("POST /1/buckets?bucket=plugin_test_bucket");
	}

	@Test
	void aBucketThatExistsIsFine() throws Exception {
		server.createStatus = 409;

		new RequestMonitoringPlugin(server.url(), "plugin_test_bucket").initialize();

		assertThat(server.received).hasSize(1);
	}

	@Test
	void anyOtherAnswerFailsWithTheServersAnswer() {
		server.createStatus = 500;
		server.createBody = "{\"error\":\"disk full\"}";

		assertThatThrownBy(() -> new RequestMonitoringPlugin(server.url(), "b1").initialize())
			.hasMessage("failed create bucket, b1, response: {\"error\":\"disk full\"}");
	}

	@Test
	void eachPointsTagsAndFieldsArePostedToTheBucket() throws Exception {
		RequestMonitoringPlugin plugin = new RequestMonitoringPlugin(server.url(), "plugin_test_bucket");

		plugin.flushPointToMonitoring(List.of(point("/teapot"), point("/limit")));

		assertThat(server.received).containsExactly(
			"POST /1/buckets/plugin_test_bucket/objects {\"tags\":{\"path\":\"/teapot\",\"status\":\"418\"},\"fields\":{\"duration_ms\":1.5}}",
			"POST /1/buckets/plugin_test_bucket/objects {\"tags\":{\"path\":\"/limit\",\"status\":\"418\"},\"fields\":{\"duration_ms\":1.5}}");
	}

	@Test
	void aServerThatIsDownIsAFailureOfThisPointOnly() {
		RequestMonitoringPlugin plugin = new RequestMonitoringPlugin("http://127.0.0.1:1/1/buckets", "b");

		assertThatThrownBy(() -> plugin.flushPointToMonitoring(List.of(point("/x")))).isInstanceOf(java.io.IOException.class);
	}
}
