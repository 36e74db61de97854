package io.pluginkit.sample.tasks;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import io.pluginkit.test.PluginKit;
import io.pluginkit.test.PluginKitTest;

/**
 * The tasks sample tested with the test kit, on the real PluginKit with this sample's jar: {@code sum} and
 * {@code divide} run through {@code /api/tasks} with the admin token, their errors answered as 422 with the
 * reason, and the tasks gone while the plugin is disabled.
 */
@PluginKitTest
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TasksKitIT {

	@Test
	@Order(1)
	void bothTasksAreListed(PluginKit pluginkit) {
		HttpResponse<String> tasks = pluginkit.get("/api/tasks", "Authorization", "Bearer " + pluginkit.adminToken());
		assertThat(tasks.statusCode()).isEqualTo(200);
		assertThat(tasks.body()).isEqualTo("[{\"name\":\"divide\",\"plugin\":\"tasks\",\"retry\":0},"
			+ "{\"name\":\"sum\",\"plugin\":\"tasks\",\"retry\":0}]");
	}

	@Test
	@Order(2)
	void sumAndDivideAnswerTheirResults(PluginKit pluginkit) {
		HttpResponse<String> sum = run(pluginkit, "sum", "{\"numbers\":[1,2,3]}");
		assertThat(sum.statusCode()).isEqualTo(200);
		assertThat(sum.body()).isEqualTo("{\"result\":6}");
		assertThat(run(pluginkit, "divide", "{\"a\":6,\"b\":3}").body()).isEqualTo("{\"result\":2}");
		assertThat(run(pluginkit, "divide", "{\"a\":1,\"b\":4}").body()).isEqualTo("{\"result\":0.25}");
	}

	@Test
	@Order(3)
	void badInputEndsTheRunWith422AndTheReason(PluginKit pluginkit) {
		HttpResponse<String> sum = run(pluginkit, "sum", "{\"numbers\":[1,\"x\"]}");
		assertThat(sum.statusCode()).isEqualTo(422);
		assertThat(sum.body()).isEqualTo("{\"error\":\"not a number: x\"}");

		HttpResponse<String> divide = run(pluginkit, "divide", "{\"a\":1,\"b\":0}");
		assertThat(divide.statusCode()).isEqualTo(422);
		assertThat(divide.body()).isEqualTo("{\"error\":\"division by zero\"}");
	}

	@Test
	@Order(4)
	void disabledItsTasksAreUnknownAndEnabledTheyRunAgain(PluginKit pluginkit) {
		assertThat(pluginkit.disable()).isEqualTo("plugin 'tasks' DISABLED");
		assertThat(run(pluginkit, "sum", "{\"numbers\":[1,2,3]}").statusCode()).isEqualTo(404);

		assertThat(pluginkit.enable()).isEqualTo("plugin 'tasks' ENABLED");
		assertThat(run(pluginkit, "sum", "{\"numbers\":[1,2,3]}").body()).isEqualTo("{\"result\":6}");
	}

	private static HttpResponse<String> run(PluginKit pluginkit, String task, String json) {
		return pluginkit.send(HttpRequest.newBuilder(pluginkit.uri("/api/tasks/" + task))
			.header("Authorization", "Bearer " + pluginkit.adminToken()).header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(json)).build());
	}
}
