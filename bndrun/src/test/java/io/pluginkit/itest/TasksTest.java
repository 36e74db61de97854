package io.pluginkit.itest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.osgi.framework.FrameworkUtil;
import org.osgi.test.common.annotation.InjectService;

import io.pluginkit.api.trigger.PluginTriggerError;
import io.pluginkit.api.trigger.TriggerHandler;
import io.pluginkit.api.trigger.Triggers;
import io.pluginkit.testing.Await;
import io.pluginkit.testing.TestJars;
import io.pluginkit.testing.plugins.EchoTask;
import io.pluginkit.testing.plugins.ForeverTask;
import io.pluginkit.testing.plugins.HangingTrigger;
import io.pluginkit.testing.plugins.ResultTrigger;
import io.pluginkit.testing.plugins.ThrowingTrigger;

/**
 * Tasks and triggers of real plugins, in the framework: {@code /api/tasks} and {@code task:*} as a user
 * meets them, and what goes wrong (bad input, a throwing or hanging handler, a task that never ends,
 * a plugin disabled during a run) contained and counted against its plugin.
 */
class TasksTest extends InFrameworkTest {

	static final String TASK_IMPORTS = "io.pluginkit.api.task;version=\"[1.0,2)\",io.pluginkit.api.trigger;version=\"[1.0,2)\"";
	static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	@InjectService(timeout = 30_000)
	Triggers triggers;

	String token;

	@BeforeEach
	void readToken() throws IOException {
		token = Files.readString(Path.of(context.getProperty("pluginkit.data.dir"), "admin.token")).trim();
	}

	HttpResponse<String> call(String method, String path, String body) {
		HttpRequest request = HttpRequest.newBuilder(pluginkit.uri(path)).timeout(Duration.ofSeconds(30))
			.header("Authorization", "Bearer " + token)
			.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
			.build();
		try {
			return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new AssertionError(e);
		}
	}

	/**
	 * The status line the server answers to a POST that announces {@code length} bytes, read before any of
	 * them is sent: a server refusing the body answers at once and closes, so a client still sending a large
	 * body may see the connection closed under it instead of the answer (HTTP/1.1 has no better way).
	 */
	String statusLineForBodyOf(String path, int length) throws IOException {
		try (Socket socket = new Socket("127.0.0.1", pluginkit.uri(path).getPort())) {
			socket.setSoTimeout(30_000);
			String head = "POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + token
				+ "\r\nContent-Type: application/json\r\nContent-Length: " + length + "\r\n\r\n";
			socket.getOutputStream().write(head.getBytes(StandardCharsets.US_ASCII));
			socket.getOutputStream().flush();
			return new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII))
				.readLine();
		}
	}

	void installTask(String plugin, String task, Class<?> type) {
		pluginkit.install(TestJars.plugin(plugin).imports(TASK_IMPORTS).component(type, "io.pluginkit.api.task.Task",
			"pluginkit.task=" + task));
		pluginkit.awaitPlugin(plugin, "ENABLED");
		Await.until("GET /api/tasks lists " + task, () -> call("GET", "/api/tasks", null).body(),
			b -> b.contains("\"name\":\"" + task + "\",\"plugin\":\"" + plugin + "\""));
	}

	@Test
	void aPluginsTaskRunsOverTheApiAndTheShellAndGoesAwayWithItsPlugin() {
		installTask("itest-echo", "echo", EchoTask.class);

		HttpResponse<String> ran = call("POST", "/api/tasks/echo", "{\"n\":[1,2.5,\"x\"]}");
		assertThat(ran.statusCode()).isEqualTo(200);
		assertThat(ran.body()).isIn("{\"args\":{\"n\":[1,2.5,\"x\"]},\"attempt\":1}", "{\"attempt\":1,\"args\":{\"n\":[1,2.5,\"x\"]}}");
		String id = ran.headers().firstValue("X-PluginKit-Run").orElseThrow();
		HttpResponse<String> status = call("GET", "/api/tasks/runs/" + id, null);
		assertThat(status.statusCode()).isEqualTo(200);
		assertThat(status.body()).contains("\"id\":\"" + id + "\"", "\"task\":\"echo\"", "\"plugin\":\"itest-echo\"",
			"\"status\":\"SUCCESS\"", "\"result\":{", "\"queuedMs\":", "\"runMs\":");

		assertThat(pluginkit.shell("task:list").out()).contains("echo", "itest-echo", EchoTask.class.getName());
		assertThat(pluginkit.shell("task:run echo word=hello n=6 'list=[1,2]'").out().trim())
			.contains("\"word\":\"hello\"", "\"n\":6", "\"list\":[1,2]");
		assertThat(pluginkit.shell("task:run echo list=[1,2]").err().trim()).isEqualTo("argument 'list=' is not key=value;"
			+ " quote a value with brackets or braces, which Gogo reads as its own: task:run sum 'numbers=[1,2,3]'");
		assertThat(pluginkit.shell("task:status " + id).out()).contains("Status    SUCCESS", "Task      echo (plugin itest-echo)");
		assertThat(pluginkit.shell("plugin:info itest-echo").out()).contains("task 'echo' " + EchoTask.class.getName(),
			"task 'echo' runs: 2, succeeded: 2");

		pluginkit.shell("plugin:disable itest-echo");
		HttpResponse<String> gone = call("POST", "/api/tasks/echo", "{}");
		assertThat(gone.statusCode()).isEqualTo(404);
		assertThat(gone.body()).contains("\"error\":\"unknown task\"", "task 'echo' not found");
	}

	@Test
	void queuedRunsAnswer202WithAnIdAndBadInputIsAClearError() throws IOException {
		installTask("itest-queue", "queued", EchoTask.class);

		HttpResponse<String> queued = call("POST", "/api/tasks/queued?wait=false", "{\"a\":1}");
		assertThat(queued.statusCode()).isEqualTo(202);
		String id = queued.body().replaceAll("^\\{\"id\":\"([^\"]+)\"\\}$", "$1");
		Await.until("run " + id + " ends", () -> call("GET", "/api/tasks/runs/" + id, null).body(),
			b -> b.contains("\"status\":\"SUCCESS\""));

		HttpResponse<String> malformed = call("POST", "/api/tasks/queued", "{\"a\":");
		assertThat(malformed.statusCode()).isEqualTo(400);
		assertThat(malformed.body()).startsWith("{\"error\":\"malformed arguments\",\"detail\":\"the arguments are not JSON");
		assertThat(call("POST", "/api/tasks/queued", "[1,2]").statusCode()).isEqualTo(400);
		assertThat(call("POST", "/api/tasks/nope", "{}").statusCode()).isEqualTo(404);
		assertThat(call("GET", "/api/tasks/runs/nope", null).statusCode()).isEqualTo(404);
		assertThat(statusLineForBodyOf("/api/tasks/queued", (1 << 20) + 10)).startsWith("HTTP/1.1 413 ");
		assertThat(pluginkit.get("/api/tasks").statusCode()).isEqualTo(401);
		assertThat(pluginkit.shell("task:run nope").err()).contains("task 'nope' not found; tasks: ");
	}

	@Test
	void aHandlerThatThrowsIsSkippedAndNamedAgainstItsPlugin() {
		installTask("itest-echo2", "echo2", EchoTask.class);
		pluginkit.install(TestJars.plugin("itest-throwing").imports(TASK_IMPORTS).component(ThrowingTrigger.class,
			TriggerHandler.class.getName(), "pluginkit.trigger=worker_execute_before"));
		pluginkit.awaitPlugin("itest-throwing", "ENABLED");

		assertThat(call("POST", "/api/tasks/echo2", "{}").statusCode()).isEqualTo(200);

		assertThat(pluginkit.plugin("itest-throwing").reason()).isEqualTo("trigger handler " + ThrowingTrigger.class.getName()
			+ " threw java.lang.IllegalStateException: trigger exploded on trigger 'worker_execute_before'");
		assertThat(pluginkit.shell("plugin:info itest-throwing").out()).contains(
			"trigger handler " + ThrowingTrigger.class.getName() + " for worker_execute_before (position ",
			"triggers handled: 1, failures: 1 (timeouts: 0)");
		assertThat(pluginkit.plugin("itest-echo2").reason()).isEmpty();
	}

	@Test
	void aHandlerThatHangsTimesOutAndTheRunGoesOn() throws Exception {
		var config = context.getService(context.getServiceReference(org.osgi.service.cm.ConfigurationAdmin.class))
			.getConfiguration("pluginkit.triggers", "?");
		config.update(FrameworkUtil.asDictionary(Map.of("pluginkit.trigger.timeout.ms", "300")));
		try {
			installTask("itest-echo3", "echo3", EchoTask.class);
			pluginkit.install(TestJars.plugin("itest-hanging").imports(TASK_IMPORTS).component(HangingTrigger.class,
				TriggerHandler.class.getName(), "pluginkit.trigger=task_executor_args_replace"));
			pluginkit.awaitPlugin("itest-hanging", "ENABLED");

			HttpResponse<String> ran = Await.until("a run with the hanging handler ends", () -> call("POST", "/api/tasks/echo3", "{}"),
				r -> r.statusCode() == 200 && pluginkit.plugin("itest-hanging").reason().contains("did not answer within 300 ms"));

			assertThat(ran.body()).contains("\"attempt\":1");
		} finally {
			config.delete();
		}
	}

	@Test
	void aTaskThatNeverEndsIsCancellableAndIsCancelledWhenItsPluginIsDisabled() {
		installTask("itest-forever", "forever", ForeverTask.class);

		String first = call("POST", "/api/tasks/forever?wait=false", "{}").headers().firstValue("X-PluginKit-Run").orElseThrow();
		Await.until("run " + first + " runs", () -> call("GET", "/api/tasks/runs/" + first, null).body(),
			b -> b.contains("\"status\":\"RUNNING\""));
		HttpResponse<String> cancelled = call("DELETE", "/api/tasks/runs/" + first, null);
		assertThat(cancelled.statusCode()).isEqualTo(200);
		assertThat(cancelled.body()).contains("\"status\":\"CANCELLED\"", "\"reason\":\"cancelled by an admin");

		String second = call("POST", "/api/tasks/forever?wait=false", "{}").headers().firstValue("X-PluginKit-Run").orElseThrow();
		Await.until("run " + second + " runs", () -> call("GET", "/api/tasks/runs/" + second, null).body(),
			b -> b.contains("\"status\":\"RUNNING\""));
		pluginkit.shell("plugin:disable itest-forever");

		assertThat(call("GET", "/api/tasks/runs/" + second, null).body()).contains("\"status\":\"CANCELLED\"",
			"\"reason\":\"task 'forever' went away during the run: plugin 'itest-forever' was disabled, stopped or updated\"");
		assertThat(pluginkit.shell("task:status " + second).out()).contains("Status    CANCELLED");
	}

	@Test
	void pluginsFireTheirOwnTriggersThroughTheTriggersService() {
		pluginkit.install(TestJars.plugin("itest-result").imports(TASK_IMPORTS).component(ResultTrigger.class,
			TriggerHandler.class.getName(), "pluginkit.trigger=itest_order_placed", "result=replaced"));
		pluginkit.awaitPlugin("itest-result", "ENABLED");

		Map<String, Object> values = Await.until("the handler answers", () -> triggers.fire("itest_order_placed", Map.of("result", "original")),
			v -> "replaced".equals(v.get("result")));

		assertThat(values).containsEntry("result", "replaced");
		assertThat(triggers.fire("another_trigger", Map.of("result", "original"))).containsEntry("result", "original");
		context.registerService(TriggerHandler.class, (name, v) -> {
			throw new PluginTriggerError("stop here");
		}, FrameworkUtil.asDictionary(Map.of("service.ranking", 100, TriggerHandler.TRIGGER, "itest_order_placed")));
		try {
			triggers.fire("itest_order_placed", Map.of());
			throw new AssertionError("the chain was not ended");
		} catch (PluginTriggerError e) {
			assertThat(e.reason()).isEqualTo("stop here");
		}
	}
}
