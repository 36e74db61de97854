package io.pluginkit.runtime.internal.trigger;

/**
 * Lets a caller that owns its thread (the task runner's worker) bound how long a sync handler may
 * take: the chain marks which handler runs and since when; a watchdog asks {@link #overdue} and, when
 * it is, interrupts the thread; the chain then counts that handler as timed out and goes on. A run
 * that is {@link #cancel() cancelled} stops the chain instead.
 * <p>
 * One per run; written by the run's thread, read by the watchdog: fields are volatile.
 */
public final class FireWatch {

	private volatile Handler current;
	private volatile long since;
	private volatile Handler timedOut;
	private volatile boolean cancelled;

	void enter(Handler handler) {
		since = System.nanoTime();
		current = handler;
	}

	void exit() {
		current = null;
	}

	/**
	 * Whether the handler running now has run for longer than {@code limitNanos}; the first time it
	 * is, it is marked timed out and {@code true} is returned (the caller then interrupts the thread).
	 */
	public boolean overdue(long now, long limitNanos) {
		Handler h = current;
		if (h != null && timedOut != h && now - since > limitNanos) {
			timedOut = h;
			return true;
		}
		return false;
	}

	/** What runs now, in a user's words, or {@code null}: for the reason of a run that times out. */
	public String running() {
		Handler h = current;
		return h == null ? null : h.what;
	}

	boolean timedOut(Handler handler) {
		return timedOut == handler;
	}

	/** The run was cancelled: the chain stops at the next handler (or now, if one waits). */
	public void cancel() {
		cancelled = true;
	}

	public boolean cancelled() {
		return cancelled;
	}
}
