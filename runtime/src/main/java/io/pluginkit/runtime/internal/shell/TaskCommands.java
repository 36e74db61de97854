package io.pluginkit.runtime.internal.shell;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.felix.service.command.annotations.GogoCommand;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.pluginkit.runtime.internal.task.Outcome;
import io.pluginkit.runtime.internal.task.RunStatus;
import io.pluginkit.runtime.internal.task.TaskJson;
import io.pluginkit.runtime.internal.task.TaskRefused;
import io.pluginkit.runtime.internal.task.TaskRun;
import io.pluginkit.runtime.internal.task.TaskRunner;

/**
 * The Gogo {@code task:*} commands. Each returns its reply as text; a failure (an unknown task, a run
 * that ends by {@code PluginTriggerError}, ...) is an exception whose message is one line, e.g.
 * {@code task 'sum' run a1-3 ERROR: not a number: x}.
 */
@Component(service = TaskCommands.class)
@GogoCommand(scope = "task", function = { "list", "run", "status", "cancel" })
public final class TaskCommands {

	/** A task command that could not do what was asked: its message is the one line to print. */
	public static final class TaskCommandException extends Exception {
		private static final long serialVersionUID = 1L;

		TaskCommandException(String message) {
			super(message, null, false, false);
		}
	}

	private final TaskRunner runner;

	@Activate
	public TaskCommands(@Reference TaskRunner runner) {
		this.runner = runner;
	}

	/** task:list — the tasks of the enabled plugins. */
	public String list() {
		List<TaskRunner.TaskInfo> tasks = runner.tasks();
		if (tasks.isEmpty()) {
			return "no tasks (no enabled plugin provides one)";
		}
		List<String[]> rows = new ArrayList<>();
		rows.add(new String[] { "TASK", "PLUGIN", "RETRY", "CLASS" });
		for (TaskRunner.TaskInfo t : tasks) {
			rows.add(new String[] { t.name(), t.plugin(), Integer.toString(t.retry()), t.className() });
		}
		return Table.format(rows).stripTrailing();
	}

	/**
	 * task:run — runs a task with {@code key=value} arguments (a value that is JSON, such as
	 * {@code [1,2,3]} or {@code 6}, is taken as JSON, anything else as text) and prints its result as
	 * JSON. A value with brackets or braces is quoted ({@code 'numbers=[1,2,3]'}): unquoted, Gogo reads
	 * them as its own lists and maps.
	 */
	public String run(String name, String... args) throws TaskCommandException {
		Map<String, Object> values = new LinkedHashMap<>();
		for (String arg : args) {
			int eq = arg.indexOf('=');
			if (eq <= 0 || arg.endsWith("=") && args.length > values.size() + 1) {
				throw new TaskCommandException("argument '" + arg + "' is not key=value; quote a value with brackets or"
					+ " braces, which Gogo reads as its own: task:run sum 'numbers=[1,2,3]'");
			}
			values.put(arg.substring(0, eq), TaskJson.value(arg.substring(eq + 1)));
		}
		TaskRun run;
		try {
			run = runner.submit(name, values);
		} catch (TaskRefused e) {
			throw new TaskCommandException(e.detail());
		}
		try {
			run.done().get(runner.waitMillis(), TimeUnit.MILLISECONDS);
		} catch (TimeoutException e) {
			throw new TaskCommandException("task '" + name + "' run " + run.id() + " has not ended yet: task:status "
				+ run.id() + " tells when it does");
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new TaskCommandException("interrupted while waiting for the task");
		} catch (ExecutionException e) {
			throw new IllegalStateException("a run's future never fails", e);
		}
		Outcome o = run.outcome();
		if (o.status() == RunStatus.SUCCESS) {
			return TaskJson.write(o.result());
		}
		throw new TaskCommandException("task '" + name + "' run " + run.id() + " " + o.status() + ": " + o.reason());
	}

	/** task:status — a run's status, result or reason, and timings. */
	public String status(String id) throws TaskCommandException {
		TaskRun run = runner.run(id);
		if (run == null) {
			throw new TaskCommandException("run '" + id + "' not found (only recent runs are kept)");
		}
		StringBuilder out = new StringBuilder();
		line(out, "Run", run.id());
		line(out, "Task", run.task() + " (plugin " + run.plugin() + ")");
		line(out, "Status", run.status().name());
		Outcome o = run.outcome();
		if (o != null && o.status() == RunStatus.SUCCESS) {
			line(out, "Result", TaskJson.write(o.result()));
		} else if (o != null) {
			line(out, "Reason", o.reason());
		}
		line(out, "Attempts", Integer.toString(run.attempt()));
		line(out, "Created", run.created().toString());
		line(out, "Queued", run.queuedMillis() + " ms");
		if (run.runMillis() >= 0) {
			line(out, "Ran", run.runMillis() + " ms");
		}
		return out.toString().stripTrailing();
	}

	/** task:cancel — cancels a queued or running run. */
	public String cancel(String id) throws TaskCommandException {
		try {
			TaskRun run = runner.cancel(id, "cancelled by an admin (task:cancel)");
			return "run " + run.id() + " of task '" + run.task() + "' " + run.status();
		} catch (TaskRefused e) {
			throw new TaskCommandException(e.detail());
		}
	}

	private static void line(StringBuilder out, String label, String value) {
		out.append(String.format("%-10s%s%n", label, value));
	}
}
