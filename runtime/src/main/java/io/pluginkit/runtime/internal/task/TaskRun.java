package io.pluginkit.runtime.internal.task;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

import io.pluginkit.runtime.internal.trigger.FireWatch;

/**
 * One run of a task, from its submission to its end: status, timings, the outcome, and what it
 * takes to stop it (its worker thread, its {@link FireWatch}). The outcome is decided once: by the
 * worker, or earlier by a cancel or the timeout, whichever comes first.
 * <p>
 * The thread is set and cleared under this object's lock, and an interrupt is sent only under it,
 * so a late cancel never interrupts the worker's next run.
 */
public final class TaskRun {

	private final String id;
	private final TaskEntry entry;
	private final Instant created = Instant.now();
	private final long createdNanos = System.nanoTime();
	private final FireWatch watch = new FireWatch();
	private final CompletableFuture<TaskRun> done = new CompletableFuture<>();
	private volatile Map<String, Object> args;
	private volatile RunStatus status = RunStatus.NEW;
	private volatile Outcome outcome;
	private volatile Instant started;
	private volatile long startedNanos;
	private volatile Instant finished;
	private volatile long finishedNanos;
	private volatile int attempt;
	private volatile long deadlineNanos = Long.MAX_VALUE;
	private Thread thread;
	private final AtomicBoolean recorded = new AtomicBoolean();

	private final Consumer<TaskRun> onEnd;

	/** @param onEnd told once when the run ends, before {@link #done()} completes (the runner records it) */
	TaskRun(String id, TaskEntry entry, Map<String, Object> args, Consumer<TaskRun> onEnd) {
		this.id = id;
		this.entry = entry;
		this.args = args;
		this.onEnd = onEnd;
	}

	public String id() {
		return id;
	}

	public String task() {
		return entry.name;
	}

	public String plugin() {
		return entry.plugin;
	}

	TaskEntry entry() {
		return entry;
	}

	public Map<String, Object> args() {
		return args;
	}

	void args(Map<String, Object> replaced) {
		this.args = replaced;
	}

	public RunStatus status() {
		return status;
	}

	/** The outcome, or {@code null} while the run is not done. */
	public Outcome outcome() {
		return outcome;
	}

	public int attempt() {
		return attempt;
	}

	void attempt(int n) {
		this.attempt = n;
	}

	FireWatch watch() {
		return watch;
	}

	/** Completes when the run is done, with the run. */
	public CompletableFuture<TaskRun> done() {
		return done;
	}

	public Instant created() {
		return created;
	}

	public Instant started() {
		return started;
	}

	public Instant finished() {
		return finished;
	}

	/** Milliseconds queued (until now while it is). */
	public long queuedMillis() {
		long end = started != null ? startedNanos : finished != null ? finishedNanos : System.nanoTime();
		return (end - createdNanos) / 1_000_000;
	}

	/** Milliseconds running, or -1 when it never started. */
	public long runMillis() {
		if (started == null) {
			return -1;
		}
		long end = finished != null ? finishedNanos : System.nanoTime();
		return (end - startedNanos) / 1_000_000;
	}

	/** {@code true} the first time only: the run's end is recorded once. */
	boolean record() {
		return recorded.compareAndSet(false, true);
	}

	long deadlineNanos() {
		return deadlineNanos;
	}

	/**
	 * The worker takes the run: {@code false} when it was cancelled while queued.
	 *
	 * @param timeoutNanos how long it may run from now
	 */
	synchronized boolean start(Thread worker, long timeoutNanos) {
		if (status != RunStatus.NEW) {
			return false;
		}
		thread = worker;
		startedNanos = System.nanoTime();
		started = Instant.now();
		deadlineNanos = startedNanos + timeoutNanos;
		status = RunStatus.RUNNING;
		return true;
	}

	/** The worker leaves the run: from now on no interrupt reaches its thread. */
	synchronized void leave() {
		thread = null;
	}

	/** Interrupts the worker if it still runs this run (a sync handler past its timeout). */
	synchronized void interrupt() {
		if (thread != null) {
			thread.interrupt();
		}
	}

	/**
	 * Ends the run with {@code result}, unless it ended already.
	 *
	 * @return whether this call ended it
	 */
	boolean finish(Outcome result) {
		synchronized (this) {
			if (status.done()) {
				return false;
			}
			outcome = result;
			finishedNanos = System.nanoTime();
			finished = Instant.now();
			status = result.status();
			if (result.status() != RunStatus.SUCCESS) {
				watch.cancel();
				if (thread != null && thread != Thread.currentThread()) {
					thread.interrupt();
				}
			}
		}
		try {
			onEnd.accept(this);
		} finally {
			done.complete(this);
		}
		return true;
	}
}
