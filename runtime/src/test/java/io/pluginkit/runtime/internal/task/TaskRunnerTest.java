package io.pluginkit.runtime.internal.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.pluginkit.api.task.Task;
import io.pluginkit.api.trigger.PluginTriggerError;
import io.pluginkit.api.trigger.TriggerHandler;
import io.pluginkit.runtime.internal.registry.RecordingProblems;
import io.pluginkit.runtime.internal.trigger.Ref;
import io.pluginkit.runtime.internal.trigger.TriggerService;

class TaskRunnerTest {

	final RecordingProblems problems = new RecordingProblems();
	final TriggerService triggers = new TriggerService(null, problems, Map.of("pluginkit.trigger.timeout.ms", "200"));
	final List<String> fired = new CopyOnWriteArrayList<>();
	final CountDownLatch release = new CountDownLatch(1);
	TaskRunner runner = runner(Map.of());

	TaskRunner runner(Map<String, Object> settings) {
		Map<String, Object> all = new HashMap<>(Map.of("pluginkit.tasks.retry.backoff.ms", "1"));
		all.putAll(settings);
		return new TaskRunner(null, triggers, all);
	}

	@AfterEach
	void stop() {
		release.countDown();
		runner.deactivate();
	}

	void task(String name, Task task, Object... properties) {
		Object[] all = new Object[properties.length + 2];
		all[0] = "pluginkit.plugin.task";
		all[1] = name;
		System.arraycopy(properties, 0, all, 2, properties.length);
		Ref ref = new Ref(10, 0, all);
		runner.addTask(task, ref.cast());
	}

	void trigger(TriggerHandler handler, Object... properties) {
		triggers.chain().add(handler, new Ref(20, 0, properties));
	}

	TaskRun runToEnd(String name, Map<String, Object> args) throws Exception {
		TaskRun run = runner.submit(name, args);
		run.done().get(10, TimeUnit.SECONDS);
		return run;
	}

	@Test
	void aRunFiresQTasksTriggerNamesInOrderAroundTheTask() throws Exception {
		task("sum", ctx -> Map.of("result", 6));
		trigger((name, values) -> {
			fired.add(name + " " + values.get("task"));
			return null;
		});

		TaskRun run = runToEnd("sum", Map.of("numbers", List.of(1, 2, 3)));

		assertThat(run.status()).isEqualTo(RunStatus.SUCCESS);
		assertThat(run.outcome().result()).isEqualTo(Map.of("result", 6));
		assertThat(fired).containsExactly("task_executor_args_replace sum", "worker_execute_before sum",
			"task_executor_run_task sum", "worker_execute_after sum");
	}

	@Test
	void handlersReplaceTheArgsAndTheResult() throws Exception {
		task("echo", ctx -> ctx.args());
		trigger((name, values) -> Map.of("new_args", Map.of("replaced", true)), TriggerHandler.TRIGGER,
			"task_executor_args_replace");
		trigger((name, values) -> Map.of("new_result", List.of(values.get("result"), "wrapped")), TriggerHandler.TRIGGER,
			"task_executor_run_task");

		TaskRun run = runToEnd("echo", Map.of("original", 1));

		assertThat(run.outcome().result()).isEqualTo(List.of(Map.of("replaced", true), "wrapped"));
		assertThat(run.args()).isEqualTo(Map.of("replaced", true));
	}

	@Test
	void aPluginTriggerErrorEndsTheRunWithItsReasonUnlessAHandlerGivesAResult() throws Exception {
		task("divide", ctx -> {
			throw new PluginTriggerError("division by zero");
		});
		task("sum", ctx -> {
			throw ctx.pluginError("not a number: x");
		});
		trigger((name, values) -> "divide".equals(values.get("task")) ? Map.of("new_result", Map.of("error", values.get("reason"))) : null,
			TriggerHandler.TRIGGER, "task_executor_run_task_trigger_error");

		TaskRun sum = runToEnd("sum", Map.of());
		TaskRun divide = runToEnd("divide", Map.of());

		assertThat(sum.outcome()).isEqualTo(Outcome.triggerError("not a number: x"));
		assertThat(sum.outcome().kind().httpStatus).isEqualTo(422);
		assertThat(divide.outcome()).isEqualTo(Outcome.success(Map.of("error", "division by zero")));
	}

	@Test
	void aPluginTriggerErrorFromAHandlerAroundTheRunEndsItToo() throws Exception {
		task("sum", ctx -> Map.of("result", 1));
		trigger((name, values) -> {
			throw new PluginTriggerError("refused by policy");
		}, TriggerHandler.TRIGGER, "worker_execute_before");

		assertThat(runToEnd("sum", Map.of()).outcome()).isEqualTo(Outcome.triggerError("refused by policy"));
	}

	@Test
	void aFailingTaskIsRetriedWithTheRetryTriggerThenEndsWithTheFailure() throws Exception {
		int[] calls = { 0 };
		task("flaky", ctx -> {
			calls[0]++;
			throw new IllegalStateException("down (attempt " + ctx.attempt() + ")");
		}, "pluginkit.task.retry", 2);
		trigger((name, values) -> {
			fired.add(values.get("attempt") + " " + values.get("error"));
			return null;
		}, TriggerHandler.TRIGGER, "worker_task_error_retry");

		TaskRun run = runToEnd("flaky", Map.of());

		assertThat(calls[0]).isEqualTo(3);
		assertThat(fired).containsExactly("1 java.lang.IllegalStateException: down (attempt 1)",
			"2 java.lang.IllegalStateException: down (attempt 2)");
		assertThat(run.outcome().kind()).isEqualTo(Outcome.Kind.FAILED);
		assertThat(run.outcome().reason()).isEqualTo("task 'flaky' of plugin 'plugin10' failed after 3 attempts: "
			+ "java.lang.IllegalStateException: down (attempt 3)");
		assertThat(runner.metrics(10)).singleElement().asString().contains("runs: 1, succeeded: 0", "failed: 1");
	}

	@Test
	void anUnknownTaskIsRefusedWithTheTasksThereAre() {
		task("sum", ctx -> null);

		assertThatThrownBy(() -> runner.submit("nope", Map.of())).isInstanceOfSatisfying(TaskRefused.class, e -> {
			assertThat(e.status()).isEqualTo(404);
			assertThat(e.detail()).isEqualTo("task 'nope' not found; tasks: sum");
		});
	}

	@Test
	void aFullQueueRefusesWith429AndNothingGrows() throws Exception {
		runner.deactivate();
		runner = runner(Map.of("pluginkit.tasks.workers", "1", "pluginkit.tasks.queue", "2"));
		task("block", ctx -> {
			release.await();
			return "done";
		});

		List<TaskRun> accepted = new ArrayList<>();
		int refused = 0;
		for (int i = 0; i < 10_000; i++) {
			try {
				accepted.add(runner.submit("block", Map.of()));
			} catch (TaskRefused e) {
				assertThat(e.status()).isEqualTo(429);
				refused++;
			}
		}

		assertThat(accepted).hasSizeBetween(2, 3);
		assertThat(refused).isEqualTo(10_000 - accepted.size());
		release.countDown();
		for (TaskRun run : accepted) {
			assertThat(run.done().get(10, TimeUnit.SECONDS).outcome().result()).isEqualTo("done");
		}
		assertThat(runner.metrics(10)).singleElement().asString().contains("refused (queue full): " + refused);
	}

	@Test
	void aTaskThatNeverEndsIsCancelledAndItsWorkerFreed() throws Exception {
		runner.deactivate();
		runner = runner(Map.of("pluginkit.tasks.workers", "1"));
		CountDownLatch started = new CountDownLatch(1);
		task("forever", ctx -> {
			started.countDown();
			new CountDownLatch(1).await();
			return null;
		});
		task("quick", ctx -> "ok");
		TaskRun forever = runner.submit("forever", Map.of());
		TaskRun queued = runner.submit("quick", Map.of());
		assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();

		runner.cancel(forever.id(), "stop it");

		assertThat(forever.outcome()).isEqualTo(Outcome.cancelled("stop it"));
		assertThat(queued.done().get(10, TimeUnit.SECONDS).outcome().result()).isEqualTo("ok");
		assertThatThrownBy(() -> runner.cancel(forever.id(), "again")).isInstanceOfSatisfying(TaskRefused.class,
			e -> assertThat(e.status()).isEqualTo(409));
	}

	@Test
	void aRunPastItsTimeoutEndsWithATimeout() throws Exception {
		runner.deactivate();
		runner = runner(Map.of("pluginkit.tasks.timeout.ms", "100"));
		task("slow", ctx -> {
			Thread.sleep(60_000);
			return null;
		});

		TaskRun run = runToEnd("slow", Map.of());

		assertThat(run.outcome().kind()).isEqualTo(Outcome.Kind.TIMEOUT);
		assertThat(run.outcome().reason()).startsWith("task 'slow' run ").endsWith(" timed out after 100 ms; its worker was interrupted");
	}

	@Test
	void aTaskWhosePluginGoesAwayHasItsRunsCancelledWithThatReason() throws Exception {
		CountDownLatch started = new CountDownLatch(1);
		Ref ref = new Ref(11, 0, "pluginkit.task", "wait");
		runner.addTask(ctx -> {
			started.countDown();
			release.await();
			return null;
		}, ref.cast());
		TaskRun run = runner.submit("wait", Map.of());
		assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();

		runner.removeTask(ref.cast());

		assertThat(run.status()).isEqualTo(RunStatus.CANCELLED);
		assertThat(run.outcome().reason()).isEqualTo(
			"task 'wait' went away during the run: plugin 'plugin11' was disabled, stopped or updated");
		assertThat(runner.tasks()).isEmpty();
	}

	@Test
	void aHandlerThatHangsInARunIsInterruptedCountedAndTheRunGoesOn() throws Exception {
		task("sum", ctx -> Map.of("result", 6));
		trigger((name, values) -> {
			Thread.sleep(60_000);
			return null;
		}, TriggerHandler.TRIGGER, "worker_execute_before");

		TaskRun run = runToEnd("sum", Map.of());

		assertThat(run.outcome()).isEqualTo(Outcome.success(Map.of("result", 6)));
		assertThat(problems.calls).singleElement().asString()
			.endsWith(" did not answer within 200 ms on trigger 'worker_execute_before'");
	}

	@Test
	void onlyTheLastRunsAreKept() throws Exception {
		runner.deactivate();
		runner = runner(Map.of("pluginkit.tasks.history", "3"));
		task("n", ctx -> ctx.runId());
		List<String> ids = new ArrayList<>();
		for (int i = 0; i < 10; i++) {
			ids.add(runToEnd("n", Map.of()).id());
		}

		assertThat(runner.run(ids.get(0))).isNull();
		assertThat(runner.run(ids.get(9)).outcome().result()).isEqualTo(ids.get(9));
		assertThat(runner.recent(100)).hasSize(3);
	}
}
