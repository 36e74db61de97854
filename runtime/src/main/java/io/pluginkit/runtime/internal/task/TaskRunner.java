package io.pluginkit.runtime.internal.task;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.pluginkit.api.task.Task;
import io.pluginkit.runtime.internal.contrib.Contribution;
import io.pluginkit.runtime.internal.contrib.ContributionReport;
import io.pluginkit.runtime.internal.contrib.Contributions;
import io.pluginkit.runtime.internal.trigger.TriggerChain;
import io.pluginkit.runtime.internal.trigger.TriggerService;

/**
 * The enabled plugins' tasks by name and the runner that runs them: a fixed pool of workers with a
 * bounded queue (a full queue refuses with 429, never grows), a watchdog that ends runs past their
 * timeout and interrupts a trigger handler past its own, retries with a doubling backoff, and the
 * recent runs ({@link RunHistory}). A task whose plugin goes away (disabled, stopped, updated) has its
 * runs cancelled with that reason. Settings: PID {@code pluginkit.tasks} (see {@link Config}),
 * changed live.
 */
@Designate(ocd = TaskRunner.Config.class)
@Component(service = { TaskRunner.class, ContributionReport.class }, configurationPid = "pluginkit.tasks",
	property = Constants.SERVICE_RANKING + ":Integer=140")
public final class TaskRunner implements ContributionReport {

	private static final Logger LOG = LoggerFactory.getLogger(TaskRunner.class);
	private static final long WATCHDOG_MILLIS = 50;

	/** Settings of the task runner, PID {@code pluginkit.tasks}; each falls back to its {@code -D} property. */
	@ObjectClassDefinition(name = "PluginKit tasks", description = "The task runner: workers, queue, timeouts, retries.")
	public @interface Config {
		@AttributeDefinition(description = "Worker threads running tasks (default: the processors, at least 2)")
		int pluginkit_tasks_workers();

		@AttributeDefinition(description = "Runs that may wait for a worker; more are refused with 429")
		int pluginkit_tasks_queue() default TaskSettings.DEFAULT_QUEUE;

		@AttributeDefinition(description = "Finished runs kept for GET /api/tasks/runs/{id} and task:status")
		int pluginkit_tasks_history() default TaskSettings.DEFAULT_HISTORY;

		@AttributeDefinition(description = "Milliseconds a run may take before it ends with a timeout (HTTP 504)")
		long pluginkit_tasks_timeout_ms() default TaskSettings.DEFAULT_TIMEOUT;

		@AttributeDefinition(description = "Retries of a failing run, for tasks without @TaskRetry")
		int pluginkit_tasks_retry() default TaskSettings.DEFAULT_RETRY;

		@AttributeDefinition(description = "Milliseconds before the first retry; doubled for each next one")
		long pluginkit_tasks_retry_backoff_ms() default TaskSettings.DEFAULT_BACKOFF;

		@AttributeDefinition(description = "Largest JSON arguments accepted (HTTP 413 beyond)")
		int pluginkit_tasks_max_args_bytes() default TaskSettings.DEFAULT_MAX_ARGS;
	}

	/** A task as {@code GET /api/tasks} and {@code task:list} show it. */
	public record TaskInfo(String name, String plugin, String className, int retry) {
	}

	private final BundleContext context;
	private final TriggerChain triggers;
	private final Contributions<Task> tasks = new Contributions<>();
	private final Map<Long, TaskEntry> byService = new HashMap<>();
	private volatile Map<String, TaskEntry> byName = Map.of();
	private final RunHistory history;
	private final ScheduledExecutorService watchdog;
	private final String idPrefix;
	private final AtomicLong sequence = new AtomicLong();
	private volatile TaskSettings settings;
	private volatile ThreadPoolExecutor workers;

	@Activate
	public TaskRunner(BundleContext context, @Reference TriggerService triggers, Map<String, Object> configuration) {
		this.context = context;
		this.triggers = triggers.chain();
		this.settings = TaskSettings.from(configuration, context, LOG::warn);
		this.history = new RunHistory(settings.history());
		this.workers = pool(settings);
		this.idPrefix = Long.toString(new SecureRandom().nextInt(Integer.MAX_VALUE), 36);
		this.watchdog = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "pluginkit-task-watchdog"));
		watchdog.scheduleWithFixedDelay(this::watch, WATCHDOG_MILLIS, WATCHDOG_MILLIS, TimeUnit.MILLISECONDS);
	}

	/** A new configuration: timeouts, retries, history at once; a new pool for new runs when its size changed. */
	@Modified
	void modified(Map<String, Object> configuration) {
		TaskSettings next = TaskSettings.from(configuration, context, LOG::warn);
		TaskSettings before = settings;
		settings = next;
		history.keep(next.history());
		if (next.workers() != before.workers() || next.queue() != before.queue()) {
			ThreadPoolExecutor old = workers;
			workers = pool(next);
			old.shutdown(); // its queued and running runs finish
		}
	}

	@Deactivate
	void deactivate() {
		watchdog.shutdownNow();
		for (TaskRun run : history.active()) {
			end(run, Outcome.cancelled("PluginKit is stopping"));
		}
		workers.shutdownNow();
	}

	private static ThreadPoolExecutor pool(TaskSettings s) {
		BlockingQueue<Runnable> queue = s.queue() == 0 ? new SynchronousQueue<>() : new ArrayBlockingQueue<>(s.queue());
		AtomicInteger n = new AtomicInteger();
		return new ThreadPoolExecutor(s.workers(), s.workers(), 60, TimeUnit.SECONDS, queue,
			r -> daemon(r, "pluginkit-task-" + n.incrementAndGet()), new ThreadPoolExecutor.AbortPolicy());
	}

	private static Thread daemon(Runnable r, String name) {
		Thread t = new Thread(r, name);
		t.setDaemon(true);
		return t;
	}

	// ------------------------------------------------------------------ tasks

	@Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
		policyOption = ReferencePolicyOption.GREEDY, updated = "updatedTask")
	synchronized void addTask(Task task, ServiceReference<Task> ref) {
		Contribution<Task> c = tasks.add(task, ref);
		TaskEntry entry = new TaskEntry(c, pluginName(ref));
		if (entry.name == null) {
			LOG.warn("task {} of bundle {} has no name (@PluginTask or the property {}): it cannot be run", c.className(),
				c.bundleId(), Task.NAME);
		}
		byService.put(c.serviceId(), entry);
		reindex();
	}

	synchronized void updatedTask(ServiceReference<Task> ref) {
		Contribution<Task> c = tasks.updated(ref);
		if (c != null) {
			TaskEntry before = byService.get(c.serviceId());
			byService.put(c.serviceId(), new TaskEntry(c, before.plugin));
			reindex();
		}
	}

	void removeTask(ServiceReference<Task> ref) {
		TaskEntry gone;
		synchronized (this) {
			Contribution<Task> c = tasks.remove(ref);
			if (c == null) {
				return;
			}
			gone = byService.remove(c.serviceId());
			reindex();
		}
		for (TaskRun run : history.active()) {
			if (run.entry().contribution.serviceId() == gone.contribution.serviceId()) {
				end(run, Outcome.cancelled("task '" + gone.name + "' went away during the run: plugin '" + gone.plugin
					+ "' was disabled, stopped or updated"));
			}
		}
	}

	private void reindex() {
		Map<String, TaskEntry> index = new HashMap<>();
		for (Contribution<Task> c : tasks.snapshot()) {
			TaskEntry e = byService.get(c.serviceId());
			if (e != null && e.name != null) {
				TaskEntry first = index.putIfAbsent(e.name, e);
				if (first != null) {
					LOG.warn("task '{}' of plugin '{}' is hidden by the one of plugin '{}' (higher ranking or installed first)",
						e.name, e.plugin, first.plugin);
				}
			}
		}
		byName = Map.copyOf(index);
	}

	private static String pluginName(ServiceReference<?> ref) {
		Object name = ref.getBundle() == null ? null : ref.getBundle().getHeaders("").get("Plugin-Name");
		return name != null ? name.toString() : ref.getBundle() == null ? "?" : ref.getBundle().getSymbolicName();
	}

	/** The live tasks, by name. */
	public List<TaskInfo> tasks() {
		List<TaskInfo> result = new ArrayList<>();
		int retry = settings.retry();
		new TreeMap<>(byName).forEach(
			(name, e) -> result.add(new TaskInfo(name, e.plugin, e.contribution.className(), e.retry(retry))));
		return result;
	}

	// ------------------------------------------------------------------ runs

	/**
	 * Queues a run of {@code name}.
	 *
	 * @throws TaskRefused 404 when there is no such task, 429 when the queue is full
	 */
	public TaskRun submit(String name, Map<String, Object> args) throws TaskRefused {
		TaskEntry entry = byName.get(name);
		if (entry == null) {
			throw new TaskRefused(404, "unknown task", "task '" + name + "' not found; tasks: "
				+ (byName.isEmpty() ? "none (no enabled plugin has one)" : String.join(", ", new TreeMap<>(byName).keySet())));
		}
		TaskSettings s = settings;
		TaskRun run = new TaskRun(idPrefix + "-" + sequence.incrementAndGet(), entry, Map.copyOf(args), this::ended);
		RunExecution execution = new RunExecution(triggers, entry.retry(s.retry()), s.backoffMillis());
		history.started(run);
		try {
			workers.execute(() -> work(run, execution, s.timeoutMillis()));
		} catch (RejectedExecutionException e) {
			history.refused(run);
			entry.rejected.increment();
			throw new TaskRefused(429, "too many runs", s.workers() + " workers are busy and " + s.queue()
				+ " runs are queued (pluginkit.tasks.queue): try again later");
		}
		entry.runs.increment();
		return run;
	}

	private void work(TaskRun run, RunExecution execution, long timeoutMillis) {
		try {
			if (!run.start(Thread.currentThread(), TimeUnit.MILLISECONDS.toNanos(timeoutMillis))) {
				return; // cancelled while queued
			}
			execution.execute(run);
		} catch (Throwable t) {
			LOG.error("task '{}' run {}: the runner failed: {}", run.task(), run.id(), t.toString(), t);
			run.finish(Outcome.failed("the runner failed: " + t));
		} finally {
			run.leave();
			Thread.interrupted(); // an interrupt meant for this run must not reach the next one
		}
	}

	/** Ends a run from outside its worker (cancel, timeout, plugin gone). */
	private void end(TaskRun run, Outcome outcome) {
		if (run.finish(outcome)) {
			LOG.info("task '{}' run {} {}: {}", run.task(), run.id(), outcome.status(), outcome.reason());
		}
	}

	/** The run is done: counted in its task's figures and moved to the history, once, whoever ended it. */
	private void ended(TaskRun run) {
		if (run.record()) {
			run.entry().count(run.outcome().kind());
			history.ended(run);
		}
	}

	/** The run with that id, if still kept. */
	public TaskRun run(String id) {
		return history.get(id);
	}

	/** The most recent runs, newest first. */
	public List<TaskRun> recent(int limit) {
		return history.recent(limit);
	}

	/**
	 * Cancels a run: a queued one never starts, a running one is interrupted; either ends
	 * {@code CANCELLED} with {@code reason} at once.
	 *
	 * @throws TaskRefused 404 when no such run is kept, 409 when it is done already
	 */
	public TaskRun cancel(String id, String reason) throws TaskRefused {
		TaskRun run = history.get(id);
		if (run == null) {
			throw new TaskRefused(404, "unknown run", "run '" + id + "' not found (only the last "
				+ settings.history() + " runs are kept)");
		}
		if (run.status().done()) {
			throw new TaskRefused(409, "run already ended", "run '" + id + "' already ended " + run.status());
		}
		end(run, Outcome.cancelled(reason));
		return run;
	}

	/** How long a caller waits for a run it asked to wait for: its timeout and a margin. */
	public long waitMillis() {
		return settings.timeoutMillis() + 5_000;
	}

	public int maxArgsBytes() {
		return settings.maxArgsBytes();
	}

	/** Every {@link #WATCHDOG_MILLIS}: ends runs past their timeout, interrupts a handler past its own. */
	private void watch() {
		try {
			long now = System.nanoTime();
			long handlerLimit = TimeUnit.MILLISECONDS.toNanos(triggers.timeoutMillis());
			for (TaskRun run : history.active()) {
				if (run.status() != RunStatus.RUNNING) {
					continue;
				}
				if (now - run.deadlineNanos() > 0) {
					String inside = run.watch().running();
					end(run, Outcome.timeout("task '" + run.task() + "' run " + run.id() + " timed out after "
						+ settings.timeoutMillis() + " ms" + (inside != null ? " (in " + inside + ")" : "")
						+ "; its worker was interrupted"));
				} else if (run.watch().overdue(now, handlerLimit)) {
					run.interrupt();
				}
			}
		} catch (RuntimeException e) {
			LOG.error("task watchdog: {}", e.toString(), e);
		}
	}

	// ------------------------------------------------------------------ plugin:info

	@Override
	public List<String> describe(long bundleId) {
		List<String> result = new ArrayList<>();
		int retry = settings.retry();
		for (Contribution<Task> c : tasks.ofBundle(bundleId)) {
			TaskEntry e;
			synchronized (this) {
				e = byService.get(c.serviceId());
			}
			if (e != null) {
				boolean live = e == byName.get(e.name);
				result.add("task '" + e.name + "' " + c.className() + " (retry " + e.retry(retry)
					+ (live ? "" : ", hidden by another plugin's task of that name") + ")");
			}
		}
		return result;
	}

	@Override
	public List<String> metrics(long bundleId) {
		List<String> result = new ArrayList<>();
		for (Contribution<Task> c : tasks.ofBundle(bundleId)) {
			TaskEntry e;
			synchronized (this) {
				e = byService.get(c.serviceId());
			}
			if (e != null) {
				result.add("task '" + e.name + "' runs: " + e.runs.sum() + ", succeeded: " + e.succeeded.sum()
					+ ", PluginTriggerError: " + e.triggerErrors.sum() + ", failed: " + e.failed.sum() + ", timed out: "
					+ e.timedOut.sum() + ", cancelled: " + e.cancelled.sum() + ", refused (queue full): " + e.rejected.sum());
			}
		}
		return result;
	}

	/** What each live task counted, for {@code /metrics}. */
	public List<io.pluginkit.runtime.internal.contrib.Counted> counted() {
		List<io.pluginkit.runtime.internal.contrib.Counted> result = new ArrayList<>();
		synchronized (this) {
			for (TaskEntry e : byService.values()) {
				result.add(new io.pluginkit.runtime.internal.contrib.Counted(e.contribution.bundleId(), e.name, Map.of("runs", e.runs.sum(),
					"succeeded", e.succeeded.sum(), "trigger_errors", e.triggerErrors.sum(), "failed", e.failed.sum(),
					"timed_out", e.timedOut.sum(), "cancelled", e.cancelled.sum(), "rejected", e.rejected.sum())));
			}
		}
		return result;
	}
}
