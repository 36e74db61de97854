package io.pluginkit.runtime.internal.task;

import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CancellationException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.pluginkit.api.trigger.PluginTriggerError;
import io.pluginkit.runtime.internal.trigger.FireWatch;
import io.pluginkit.runtime.internal.trigger.TriggerChain;

/**
 * One run on its worker thread, QTasks' task executor: {@code task_executor_args_replace},
 * {@code worker_execute_before}, the task (with {@code worker_task_error_retry} before each retry, and
 * {@code task_executor_run_task_trigger_error} when it ends by a {@link PluginTriggerError}),
 * {@code task_executor_run_task} on a success, {@code worker_execute_after}; then the run ends.
 * <p>
 * A {@code PluginTriggerError} raised by a handler around the run ends it the same way as one raised
 * by the task. A cancelled run (admin, timeout, plugin disabled) stops at the next handler or when
 * the task notices its interrupt; its outcome was already decided by whoever cancelled it.
 */
final class RunExecution {

	private static final Logger LOG = LoggerFactory.getLogger(RunExecution.class);

	static final String ARGS_REPLACE = "task_executor_args_replace";
	static final String BEFORE = "worker_execute_before";
	static final String RUN_TASK = "task_executor_run_task";
	static final String AFTER = "worker_execute_after";
	static final String TRIGGER_ERROR = "task_executor_run_task_trigger_error";
	static final String RETRY = "worker_task_error_retry";

	/** Longest wait between two attempts. */
	static final long MAX_BACKOFF_MILLIS = 30_000;

	private final TriggerChain triggers;
	private final int retries;
	private final long backoffMillis;

	RunExecution(TriggerChain triggers, int retries, long backoffMillis) {
		this.triggers = triggers;
		this.retries = retries;
		this.backoffMillis = backoffMillis;
	}

	/** Runs {@code run} on this thread to its end. */
	void execute(TaskRun run) {
		FireWatch watch = run.watch();
		Outcome outcome;
		try {
			Map<String, Object> values = triggers.fire(ARGS_REPLACE, values(run, "args", run.args()), watch);
			if (values.get("args") instanceof Map<?, ?> replaced && replaced != run.args()) {
				run.args(readOnly(replaced));
			} else if (values.get("args") != run.args()) {
				LOG.warn("task '{}' run {}: a {} handler replaced the args with {}, which is not a JSON object; kept them",
					run.task(), run.id(), ARGS_REPLACE, values.get("args"));
			}
			triggers.fire(BEFORE, values(run, "args", run.args()), watch);
			outcome = attempts(run, watch);
		} catch (PluginTriggerError e) {
			outcome = triggerError(run, e, watch);
		} catch (CancellationException e) {
			outcome = Outcome.cancelled("cancelled");
		} catch (RuntimeException | Error e) {
			outcome = Outcome.failed("task '" + run.task() + "' run " + run.id() + " failed in the runtime: " + e);
			LOG.error("task '{}' run {}: {}", run.task(), run.id(), e.toString(), e);
		}
		if (outcome.status() != RunStatus.CANCELLED && !watch.cancelled()) {
			Map<String, Object> after = values(run, "status", outcome.status().name());
			after = withOutcome(after, outcome);
			try {
				triggers.fire(AFTER, after, watch);
			} catch (PluginTriggerError | CancellationException e) {
				// the run's outcome is decided; an after handler cannot change it
			}
		}
		run.finish(outcome);
	}

	/** The task, tried again while it fails and retries are left; then its result through {@code task_executor_run_task}. */
	private Outcome attempts(TaskRun run, FireWatch watch) {
		RunContext ctx = new RunContext(run);
		for (int attempt = 1;; attempt++) {
			run.attempt(attempt);
			Object result;
			try {
				result = run.entry().task().run(ctx);
			} catch (PluginTriggerError e) {
				return triggerError(run, e, watch);
			} catch (InterruptedException e) {
				throw new CancellationException("interrupted");
			} catch (Exception | LinkageError | StackOverflowError e) {
				if (watch.cancelled()) {
					throw new CancellationException("cancelled");
				}
				if (attempt > retries) {
					String reason = "task '" + run.task() + "' of plugin '" + run.plugin() + "' failed"
						+ (attempt > 1 ? " after " + attempt + " attempts" : "") + ": " + e;
					LOG.error("{} (run {})", reason, run.id(), e);
					return Outcome.failed(reason);
				}
				Map<String, Object> values = values(run, "attempt", attempt);
				Map<String, Object> withError = new HashMap<>(values);
				withError.put("error", e.toString());
				triggers.fire(RETRY, Collections.unmodifiableMap(withError), watch);
				long backoff = Math.min(MAX_BACKOFF_MILLIS, backoffMillis << Math.min(20, attempt - 1));
				LOG.warn("task '{}' run {} failed (attempt {} of {}): {}; again in {} ms", run.task(), run.id(), attempt,
					retries + 1, e, backoff);
				try {
					Thread.sleep(backoff);
				} catch (InterruptedException interrupted) {
					throw new CancellationException("interrupted");
				}
				continue;
			}
			if (watch.cancelled()) {
				throw new CancellationException("cancelled");
			}
			Map<String, Object> values = triggers.fire(RUN_TASK, withResult(values(run, "args", run.args()), result), watch);
			return Outcome.success(values.get("result"));
		}
	}

	/**
	 * A {@code PluginTriggerError} ended the run: {@code task_executor_run_task_trigger_error} may give
	 * it a result ({@code new_result}, or the error's own), which makes it a success.
	 */
	private Outcome triggerError(TaskRun run, PluginTriggerError error, FireWatch watch) {
		Map<String, Object> values = new HashMap<>(values(run, "reason", error.reason()));
		if (error.hasResult()) {
			values.put("result", error.result());
		}
		Map<String, Object> initial = Collections.unmodifiableMap(values);
		try {
			Map<String, Object> after = triggers.fire(TRIGGER_ERROR, initial, watch);
			if (after.containsKey("result")) {
				return Outcome.success(after.get("result"));
			}
		} catch (PluginTriggerError again) {
			return again.hasResult() ? Outcome.success(again.result()) : Outcome.triggerError(again.reason());
		}
		return Outcome.triggerError(error.reason());
	}

	/** {@code task}, {@code run}, {@code args} and one more value. */
	private static Map<String, Object> values(TaskRun run, String key, Object value) {
		Map<String, Object> values = new HashMap<>();
		values.put("task", run.task());
		values.put("run", run.id());
		values.put("args", run.args());
		values.put(key, value);
		return Collections.unmodifiableMap(values);
	}

	private static Map<String, Object> withResult(Map<String, Object> values, Object result) {
		Map<String, Object> next = new HashMap<>(values);
		next.put("result", result);
		return Collections.unmodifiableMap(next);
	}

	private static Map<String, Object> withOutcome(Map<String, Object> values, Outcome outcome) {
		Map<String, Object> next = new HashMap<>(values);
		if (outcome.status() == RunStatus.SUCCESS) {
			next.put("result", outcome.result());
		} else {
			next.put("reason", outcome.reason());
		}
		return Collections.unmodifiableMap(next);
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> readOnly(Map<?, ?> args) {
		return Collections.unmodifiableMap(new HashMap<>((Map<String, Object>) args));
	}
}
