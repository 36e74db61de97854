package io.pluginkit.runtime.internal.background;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.pluginkit.api.background.BackgroundContext;
import io.pluginkit.api.background.BackgroundService;
import io.pluginkit.runtime.internal.registry.PluginProblems;

/**
 * Runs one {@link BackgroundService} on a thread of its own: {@code initialize} (a throw fails the
 * plugin with the message as the reason), then {@code start}, again after each crash with a backoff
 * that doubles from {@code backoffMillis} up to {@code maxBackoffMillis} (back to the first after
 * a minute without a crash). {@link #stop} cancels it, interrupts it, waits up to {@code waitMillis}
 * for it, then calls {@code close} (bounded by the same wait); a service still running then is
 * reported and left behind.
 */
final class BackgroundRunner implements BackgroundContext {

	private static final Logger LOG = LoggerFactory.getLogger(BackgroundRunner.class);
	/** A {@code start} that ran this long without crashing starts the backoff over. */
	static final long STABLE_NANOS = TimeUnit.MINUTES.toNanos(1);

	/** What {@code plugin:info} shows. */
	enum State {
		STARTING, INITIALIZING, RUNNING, BACKING_OFF, DONE, FAILED, STOPPED, LEFT_BEHIND
	}

	final String what;
	final String plugin;
	final long bundleId;
	private final BackgroundService service;
	private final PluginProblems problems;
	private final long backoffMillis;
	private final long maxBackoffMillis;
	private final Object sleeper = new Object();
	private final Thread thread;
	private volatile State state = State.STARTING;
	private volatile boolean cancelled;
	private volatile boolean initializeCalled;
	private volatile int restarts;
	private volatile long crashes;
	private volatile String lastError;
	private volatile boolean failing;

	BackgroundRunner(BackgroundService service, String className, String plugin, long bundleId, PluginProblems problems,
		long backoffMillis, long maxBackoffMillis) {
		this.service = service;
		this.what = "background service " + className;
		this.plugin = plugin;
		this.bundleId = bundleId;
		this.problems = problems;
		this.backoffMillis = backoffMillis;
		this.maxBackoffMillis = Math.max(backoffMillis, maxBackoffMillis);
		String simple = className.substring(className.lastIndexOf('.') + 1);
		this.thread = new Thread(this::run, "pluginkit-background-" + plugin + "-" + simple);
		thread.setDaemon(true);
	}

	void start() {
		thread.start();
	}

	private void run() {
		state = State.INITIALIZING;
		initializeCalled = true;
		try {
			service.initialize();
		} catch (Throwable t) {
			if (cancelled) {
				return;
			}
			lastError = t.toString();
			state = State.FAILED;
			String reason = what + " failed to initialize: " + message(t);
			LOG.error("plugin '{}': {}", plugin, reason, t);
			problems.quarantine(bundleId, reason);
			return;
		}
		long backoff = backoffMillis;
		while (!cancelled) {
			state = State.RUNNING;
			long began = System.nanoTime();
			try {
				service.start(this);
				if (!cancelled) {
					state = State.DONE;
					LOG.info("{} of plugin '{}' is done", what, plugin);
				}
				return;
			} catch (Throwable t) {
				if (cancelled) {
					return;
				}
				crashes++;
				lastError = t.toString();
				if (System.nanoTime() - began >= STABLE_NANOS) {
					backoff = backoffMillis;
				}
				if (crashes == 1) {
					LOG.error("{} of plugin '{}' crashed: {}; restarting in {} ms (stack trace logged once; "
						+ "crashes are counted in plugin:info)", what, plugin, t, backoff, t);
				} else {
					LOG.error("{} of plugin '{}' crashed again ({} times): {}; restarting in {} ms", what, plugin, crashes,
						t, backoff);
				}
				if (!failing) {
					failing = true;
					problems.failing(bundleId, what, what + " crashed: " + t);
				}
				state = State.BACKING_OFF;
				if (!sleep(Duration.ofMillis(backoff))) {
					return;
				}
				backoff = Math.min(backoff * 2, maxBackoffMillis);
				restarts++;
			}
		}
	}

	/**
	 * Cancels and interrupts the service, waits up to {@code waitMillis} for {@code start} to
	 * return, then calls {@code close} (bounded the same way).
	 *
	 * @return {@code null}, or what was left behind, in a user's words
	 */
	String stop(long waitMillis) {
		cancelled = true;
		synchronized (sleeper) {
			sleeper.notifyAll();
		}
		thread.interrupt();
		String leftBehind = null;
		try {
			thread.join(waitMillis);
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
		}
		if (thread.isAlive()) {
			leftBehind = what + " ignored the interruption: still running " + waitMillis
				+ " ms after its plugin stopped; left behind";
			LOG.error("plugin '{}': {} (thread {})", plugin, leftBehind, thread.getName());
		}
		if (failing) {
			failing = false;
			problems.recovered(bundleId, what);
		}
		if (initializeCalled) {
			String closeProblem = close(waitMillis);
			if (closeProblem != null) {
				leftBehind = leftBehind == null ? closeProblem : leftBehind + "; " + closeProblem;
			}
		}
		state = leftBehind == null ? State.STOPPED : State.LEFT_BEHIND;
		return leftBehind;
	}

	private String close(long waitMillis) {
		CountDownLatch done = new CountDownLatch(1);
		Thread closing = new Thread(() -> {
			try {
				service.close();
			} catch (Throwable t) {
				LOG.error("{} of plugin '{}' threw in close(): {}", what, plugin, t.toString(), t);
			} finally {
				done.countDown();
			}
		}, thread.getName() + "-close");
		closing.setDaemon(true);
		closing.start();
		try {
			if (done.await(waitMillis, TimeUnit.MILLISECONDS)) {
				return null;
			}
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
		}
		String problem = what + " did not return from close() within " + waitMillis + " ms; left behind";
		LOG.error("plugin '{}': {}", plugin, problem);
		return problem;
	}

	// ------------------------------------------------------------------ BackgroundContext

	@Override
	public String pluginName() {
		return plugin;
	}

	@Override
	public boolean cancelled() {
		return cancelled;
	}

	@Override
	public boolean sleep(Duration duration) {
		long deadline = System.nanoTime() + duration.toNanos();
		synchronized (sleeper) {
			for (;;) {
				if (cancelled) {
					return false;
				}
				long left = deadline - System.nanoTime();
				if (left <= 0) {
					return true;
				}
				try {
					TimeUnit.NANOSECONDS.timedWait(sleeper, left);
				} catch (InterruptedException e) {
					Thread.currentThread().interrupt();
					return false;
				}
			}
		}
	}

	@Override
	public int restarts() {
		return restarts;
	}

	// ------------------------------------------------------------------ what plugin:info shows

	State state() {
		return state;
	}

	long crashes() {
		return crashes;
	}

	String lastError() {
		return lastError;
	}

	/** One line: state, restarts, last error. */
	String describe() {
		return what + ": " + state + ", restarts " + restarts + (lastError == null ? "" : ", last error: " + lastError);
	}

	private static String message(Throwable t) {
		String m = t.getMessage();
		return m == null || m.isBlank() ? t.toString() : m.lines().findFirst().orElse(m);
	}
}
