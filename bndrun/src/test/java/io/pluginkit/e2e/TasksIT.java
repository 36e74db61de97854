package io.pluginkit.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The QTasks samples as a user meets them: {@code pluginkit.jar} with {@code tasks} and {@code task-audit}
 * in its plugins folder, {@code /api/tasks} with the admin token, the Gogo {@code task:*} commands, and
 * {@code task-audit} toggled live, also while runs keep coming.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TasksIT {

	static final String SUM_WITH_X = "{\"numbers\":[1,\"x\"]}";

	final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
	PluginKitProcess pluginkit;
	String token;

	@BeforeAll
	void launch(@TempDir Path temp) throws IOException {
		Path plugins = Files.createDirectories(temp.resolve("plugins"));
		for (String sample : List.of("tasks.jar", "task-audit.jar")) {
			Files.copy(PluginKitProcess.samples().resolve(sample), plugins.resolve(sample));
		}
		pluginkit = new PluginKitProcess(temp.resolve("data"), plugins).property("pluginkit.tasks.queue", "64").start();
		token = pluginkit.dataFile("admin.token").trim();
	}

	@AfterAll
	void stop() {
		pluginkit.close();
	}

	HttpRequest post(String path, String json) {
		return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + pluginkit.port() + path)).timeout(Duration.ofSeconds(30))
			.header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(json)).build();
	}

	HttpResponse<String> run(String task, String json) {
		try {
			return http.send(post("/api/tasks/" + task, json), HttpResponse.BodyHandlers.ofString());
		} catch (IOException e) {
			throw new AssertionError("POST /api/tasks/" + task + " failed: " + e, e);
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new AssertionError(e);
		}
	}

	@Test
	@Order(1)
	void bothSamplesStartAndTheirTasksAreListed() {
		assertThat(pluginkit.startupCounts()).containsExactly(2, 0, 0);
		HttpResponse<String> tasks = pluginkit.get("/api/tasks", "Authorization", "Bearer " + token);
		assertThat(tasks.statusCode()).isEqualTo(200);
		assertThat(tasks.body()).isEqualTo("[{\"name\":\"divide\",\"plugin\":\"tasks\",\"retry\":0},"
			+ "{\"name\":\"sum\",\"plugin\":\"tasks\",\"retry\":0}]");
		assertThat(pluginkit.get("/api/tasks").statusCode()).isEqualTo(401);
		assertThat(String.join("\n", pluginkit.shell("task:list"))).contains("sum", "divide", "tasks");
	}

	@Test
	@Order(2)
	void sumAndDivideAnswerTheirResults() {
		HttpResponse<String> sum = run("sum", "{\"numbers\":[1,2,3]}");
		assertThat(sum.statusCode()).isEqualTo(200);
		assertThat(sum.body()).isEqualTo("{\"result\":6}");
		assertThat(run("divide", "{\"a\":6,\"b\":3}").body()).isEqualTo("{\"result\":2}");
		assertThat(pluginkit.shell("task:run sum 'numbers=[1,2,3]'")).contains("{\"result\":6}");
	}

	@Test
	@Order(3)
	void taskAuditCleansSumsArgsAnswersDivisionByZeroAndCountsEveryTrigger() {
		HttpResponse<String> sum = run("sum", SUM_WITH_X);
		assertThat(sum.statusCode()).isEqualTo(200);
		assertThat(sum.body()).isEqualTo("{\"result\":1}");

		HttpResponse<String> divide = run("divide", "{\"a\":1,\"b\":0}");
		assertThat(divide.statusCode()).isEqualTo(200);
		assertThat(divide.body()).isEqualTo("{\"result\":null,\"error\":\"division by zero\"}");

		HttpResponse<String> stats = pluginkit.get("/task-audit/stats");
		assertThat(stats.statusCode()).isEqualTo(200);
		assertThat(stats.body()).startsWith("{\"total\":").contains("\"task_executor_args_replace\":",
			"\"worker_execute_before\":", "\"task_executor_run_task\":", "\"worker_execute_after\":");
		assertThat(String.join("\n", pluginkit.shell("plugin:info task-audit"))).contains(
			"for task_executor_args_replace", "for task_executor_run_task_trigger_error", "for every trigger (global)");
	}

	@Test
	@Order(4)
	void withTaskAuditDisabledSumOfANonNumberIs422AtOnce() {
		assertThat(pluginkit.shell("plugin:disable task-audit")).contains("plugin 'task-audit' DISABLED");

		HttpResponse<String> sum = run("sum", SUM_WITH_X);
		assertThat(sum.statusCode()).isEqualTo(422);
		assertThat(sum.body()).isEqualTo("{\"error\":\"not a number: x\"}");
		HttpResponse<String> divide = run("divide", "{\"a\":1,\"b\":0}");
		assertThat(divide.statusCode()).isEqualTo(422);
		assertThat(divide.body()).isEqualTo("{\"error\":\"division by zero\"}");
		assertThat(pluginkit.get("/task-audit/stats").statusCode()).isEqualTo(404);
		assertThat(pluginkit.shell("task:run sum 'numbers=[1,\"x\"]'")).anySatisfy(
			l -> assertThat(l).startsWith("task 'sum' run ").endsWith(" ERROR: not a number: x"));

		assertThat(pluginkit.shell("plugin:enable task-audit")).contains("plugin 'task-audit' ENABLED");
		assertThat(run("sum", SUM_WITH_X).body()).isEqualTo("{\"result\":1}");
	}

	@Test
	@Order(5)
	void togglingTaskAuditWhileRunsKeepComingGivesOnlyItsTwoAnswers() throws Exception {
		AtomicBoolean going = new AtomicBoolean(true);
		Map<String, LongAdder> answers = new ConcurrentHashMap<>();
		List<Thread> loops = new ArrayList<>();
		for (int i = 0; i < 2; i++) {
			Thread loop = new Thread(() -> {
				while (going.get()) {
					HttpResponse<String> r = run("sum", SUM_WITH_X);
					answers.computeIfAbsent(r.statusCode() + " " + r.body(), k -> new LongAdder()).increment();
				}
			}, "sum-loop-" + i);
			loop.start();
			loops.add(loop);
		}
		try {
			for (int i = 0; i < 10; i++) {
				pluginkit.shell("plugin:disable task-audit");
				pluginkit.shell("plugin:enable task-audit");
			}
		} finally {
			going.set(false);
			for (Thread loop : loops) {
				loop.join(30_000);
			}
		}

		assertThat(answers.keySet()).isSubsetOf("200 {\"result\":1}", "422 {\"error\":\"not a number: x\"}")
			.contains("200 {\"result\":1}");
		assertThat(pluginkit.listRow("task-audit")).contains("ENABLED");
		assertThat(pluginkit.listRow("tasks")).contains("ENABLED");
	}

	@Test
	@Order(6)
	void tenThousandQueuedRunsAreEachAcceptedOrRefusedAndNothingElseIsHurt() {
		AtomicInteger other = new AtomicInteger();
		Map<Integer, LongAdder> statuses = new ConcurrentHashMap<>();
		List<CompletableFuture<?>> inFlight = new ArrayList<>();
		for (int i = 0; i < 10_000; i++) {
			inFlight.add(http.sendAsync(post("/api/tasks/sum?wait=false", "{\"numbers\":[" + i + "]}"),
				HttpResponse.BodyHandlers.ofString()).handle((r, e) -> {
					if (e != null) {
						other.incrementAndGet();
					} else {
						statuses.computeIfAbsent(r.statusCode(), k -> new LongAdder()).increment();
					}
					return null;
				}));
			if (inFlight.size() >= 64) {
				inFlight.remove(0).join();
			}
		}
		inFlight.forEach(CompletableFuture::join);

		assertThat(other).hasValue(0);
		assertThat(statuses.keySet()).isSubsetOf(202, 429);
		assertThat(statuses.values().stream().mapToLong(LongAdder::sum).sum()).isEqualTo(10_000);
		assertThat(run("sum", "{\"numbers\":[1,2,3]}").body()).isEqualTo("{\"result\":6}");
		assertThat(pluginkit.get("/health").body()).startsWith("{\"status\":\"UP\"");
	}
}
