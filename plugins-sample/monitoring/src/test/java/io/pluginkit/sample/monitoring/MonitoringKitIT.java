package io.pluginkit.sample.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import io.pluginkit.test.PluginKit;
import io.pluginkit.test.PluginKitTest;

/**
 * The monitoring sample tested with the test kit, on the real PluginKit with this sample's jar and a real
 * bucket server on a free local port (the JDK's HttpServer): disabled until enabled, configured through the
 * admin API, then every request's point reaches the bucket, and none once it is disabled.
 */
@PluginKitTest
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MonitoringKitIT {

	static BucketServer buckets;

	@BeforeAll
	static void bucketServer() throws IOException {
		buckets = new BucketServer();
	}

	@AfterAll
	static void stop() {
		buckets.close();
	}

	@Test
	@Order(1)
	void itWaitsDisabledForItsBucketServer(PluginKit pluginkit) {
		assertThat(pluginkit.state("monitoring")).isEqualTo("DISABLED");
		assertThat(buckets.received).isEmpty();
	}

	@Test
	@Order(2)
	void configuredAndEnabledItCreatesItsBucketAndSendsEachRequestsPoint(PluginKit pluginkit) {
		HttpResponse<String> configured = pluginkit.send(HttpRequest.newBuilder(pluginkit.uri("/admin/api/plugins/monitoring/config"))
			.header("Authorization", "Bearer " + pluginkit.adminToken()).header("Content-Type", "application/json")
			.PUT(HttpRequest.BodyPublishers.ofString("{\"url\":\"" + buckets.url() + "\",\"bucket\":\"kit\"}")).build());
		assertThat(configured.statusCode()).as(configured.body()).isEqualTo(200);

		assertThat(pluginkit.enable()).isEqualTo("plugin 'monitoring' ENABLED");
		pluginkit.await("the bucket is created", () -> buckets.received, r -> r.contains("POST /1/buckets?bucket=kit"));

		assertThat(pluginkit.get("/while-enabled").statusCode()).isEqualTo(404);
		String point = pluginkit.await("the point of GET /while-enabled reaches the bucket", () -> pointOf("/while-enabled"),
			p -> p != null);
		assertThat(point).startsWith("POST /1/buckets/kit/objects ").contains("\"status\":\"404\"");
	}

	@Test
	@Order(3)
	void disabledItSendsNothingMore(PluginKit pluginkit) {
		assertThat(pluginkit.disable()).isEqualTo("plugin 'monitoring' DISABLED");
		assertThat(pluginkit.get("/while-disabled").statusCode()).isEqualTo(404);

		// enabled again, a later request's point arrives: the one made while disabled would have come first
		assertThat(pluginkit.enable()).isEqualTo("plugin 'monitoring' ENABLED");
		pluginkit.get("/enabled-again");
		pluginkit.await("the point of GET /enabled-again reaches the bucket", () -> pointOf("/enabled-again"), p -> p != null);
		assertThat(pointOf("/while-disabled")).isNull();
	}

	private static String pointOf(String path) {
		return buckets.received.stream().filter(r -> r.contains("\"path\":\"" + path + "\"")).findFirst().orElse(null);
	}
}
