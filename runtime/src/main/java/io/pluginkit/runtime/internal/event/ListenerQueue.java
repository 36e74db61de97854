package io.pluginkit.runtime.internal.event;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.pluginkit.api.event.EventListener;
import io.pluginkit.runtime.internal.contrib.Contribution;
import io.pluginkit.runtime.internal.registry.PluginProblems;

/**
 * One listener's bounded queue and its delivery: events are handed over by any thread with
 * {@link #offer}, delivered by at most one pool thread at a time (so in order), a batch per turn.
 * {@link EventListener#initialize()} runs first on that thread. What goes wrong is counted here and
 * reported to {@link PluginProblems}: a failing {@code handle} (named until it succeeds), an
 * {@code initialize} that throws (the plugin fails), a {@code handle} stuck past the timeout
 * (seen by {@link #checkStuck}, the plugin is quarantined), a full queue (logged at most once a
 * second), events dropped because the listener went away.
 */
final class ListenerQueue implements Runnable {

	private static final Logger LOG = LoggerFactory.getLogger(ListenerQueue.class);
	/** Events delivered per turn on a pool thread before it lets other listeners have it. */
	private static final int BATCH = 4096;
	private static final long LOG_EVERY_NANOS = TimeUnit.SECONDS.toNanos(1);

	final Contribution<EventListener> listener;
	final String what;
	final String plugin;
	final List<String> patterns;
	final int capacity;
	final long timeoutMillis;

	private final EventListener target;
	private final Executor executor;
	private final PluginProblems problems;
	private final ConcurrentLinkedQueue<PublishedEvent> queue = new ConcurrentLinkedQueue<>();
	private final AtomicInteger size = new AtomicInteger();
	private final AtomicBoolean scheduled = new AtomicBoolean();
	private volatile boolean closed;
	private volatile boolean initialized;
	/** Set once, by whichever comes first: the listener's thread about to initialize it, or its removal. */
	private final AtomicBoolean begunOrGone = new AtomicBoolean();
	private volatile boolean failing;
	/** The sequence number of the event being handled, 0 when idle: what the watchdog samples. */
	private volatile long current;
	private long sequence;
	private volatile Thread deliveringOn;

	private final AtomicLong delivered = new AtomicLong();
	private final LongAdder failed = new LongAdder();
	private final LongAdder overflowed = new LongAdder();
	private final AtomicLong droppedOnStop = new AtomicLong();
	private final Map<String, Boolean> distinctFailures = new ConcurrentHashMap<>();
	private volatile long lastOverflowLog;
	private long overflowLogged;

	private long watchedSequence;
	private long watchedSince;

	ListenerQueue(Contribution<EventListener> listener, String plugin, List<String> patterns, int capacity,
		long timeoutMillis, Executor executor, PluginProblems problems) {
		this.listener = listener;
		this.target = listener.service();
		this.what = "event listener " + listener.className();
		this.plugin = plugin;
		this.patterns = patterns;
		this.capacity = capacity;
		this.timeoutMillis = timeoutMillis;
		this.executor = executor;
		this.problems = problems;
	}

	long bundleId() {
		return listener.bundleId();
	}

	/** Whether this listener subscribed to {@code topic}. */
	boolean wants(String topic) {
		for (String p : patterns) {
			if (Topics.matches(p, topic)) {
				return true;
			}
		}
		return false;
	}

	/** Starts the listener: {@code initialize} runs on a pool thread now. */
	void open() {
		schedule();
	}

	/**
	 * Queues an event for delivery; never blocks.
	 *
	 * @return false when the queue is full (the event is dropped and counted) or closed
	 */
	boolean offer(PublishedEvent event) {
		if (closed) {
			return false;
		}
		if (size.incrementAndGet() > capacity) {
			size.decrementAndGet();
			overflow(event);
			return false;
		}
		queue.offer(event);
		if (!scheduled.get()) {
			schedule();
		}
		return true;
	}

	private void schedule() {
		if (scheduled.compareAndSet(false, true)) {
			try {
				executor.execute(this);
			} catch (RejectedExecutionException e) {
				scheduled.set(false);
			}
		}
	}

	@Override
	public void run() {
		deliveringOn = Thread.currentThread();
		try {
			if (!initialized) {
				if (!begunOrGone.compareAndSet(false, true)) {
					return; // removed before it ever ran: it is not initialized now, nor closed later
				}
				if (!initialize()) {
					return;
				}
			}
			for (;;) {
				int n = 0;
				PublishedEvent event;
				while (n < BATCH && !closed && (event = queue.poll()) != null) {
					size.decrementAndGet();
					deliver(event);
					n++;
				}
				if (n == BATCH && !closed) {
					// let other listeners have this thread; come back at the end of the line
					scheduled.set(false);
					schedule();
					return;
				}
				scheduled.set(false);
				if (closed || queue.isEmpty() || !scheduled.compareAndSet(false, true)) {
					return;
				}
			}
		} finally {
			deliveringOn = null;
			// an interrupt meant for a stuck listener must not reach the next task of this thread
			Thread.interrupted();
		}
	}

	private boolean initialize() {
		initialized = true;
		try {
			target.initialize();
			return true;
		} catch (Throwable t) {
			String reason = what + " failed to initialize: " + message(t);
			LOG.error("plugin '{}': {}", plugin, reason, t);
			stop();
			problems.quarantine(listener.bundleId(), reason);
			scheduled.set(false);
			return false;
		}
	}

	private void deliver(PublishedEvent event) {
		current = ++sequence;
		try {
			target.handle(event);
			if (failing) {
				failing = false;
				problems.recovered(listener.bundleId(), what);
			}
		} catch (Throwable t) {
			failed(event, t);
		} finally {
			current = 0;
			delivered.lazySet(delivered.get() + 1);
		}
	}

	private void failed(PublishedEvent event, Throwable t) {
		failed.increment();
		String failure = t.toString();
		if (distinctFailures.size() < 20 && distinctFailures.putIfAbsent(failure, Boolean.TRUE) == null) {
			LOG.error("{} of plugin '{}' threw on {}: {} (stack trace logged once; repeats are counted in plugin:info)",
				what, plugin, event.topic(), failure, t);
		} else {
			LOG.warn("{} of plugin '{}' threw on {} again ({} failures): {}", what, plugin, event.topic(), failed.sum(),
				failure);
		}
		if (!failing) {
			failing = true;
			problems.failing(listener.bundleId(), what, what + " threw: " + failure);
		}
	}

	private void overflow(PublishedEvent event) {
		overflowed.increment();
		long now = System.nanoTime();
		long last = lastOverflowLog;
		if (last == 0 || now - last >= LOG_EVERY_NANOS) {
			synchronized (this) {
				if (lastOverflowLog == last) {
					lastOverflowLog = now == 0 ? 1 : now;
					long total = overflowed.sum();
					LOG.warn("{} of plugin '{}' is behind: its queue of {} events is full, {} dropped on {} ({} in all; "
						+ "counted in plugin:info)", what, plugin, capacity, total - overflowLogged, event.topic(), total);
					overflowLogged = total;
				}
			}
		}
	}

	/**
	 * Called by the watchdog: whether the event being handled has been handled for longer than
	 * the timeout, as far as two samples {@code now} apart can tell.
	 */
	boolean checkStuck(long nowNanos) {
		long seq = current;
		if (seq == 0 || seq != watchedSequence) {
			watchedSequence = seq;
			watchedSince = nowNanos;
			return false;
		}
		return !closed && nowNanos - watchedSince >= TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
	}

	/** The listener stayed past its timeout: stop delivering, interrupt it, quarantine its plugin. */
	void quarantine() {
		String reason = "quarantined: " + what + " took longer than its timeout of " + timeoutMillis + " ms";
		LOG.error("plugin '{}': {} (queue dropped; other listeners go on)", plugin, reason);
		stop();
		Thread t = deliveringOn;
		if (t != null) {
			t.interrupt();
		}
		problems.quarantine(listener.bundleId(), reason);
	}

	/** No more deliveries: what is queued is dropped and counted. */
	long stop() {
		closed = true;
		long dropped = 0;
		while (queue.poll() != null) {
			size.decrementAndGet();
			dropped++;
		}
		droppedOnStop.addAndGet(dropped);
		return dropped;
	}

	/**
	 * The listener goes away (its plugin stops): no more deliveries, the queue dropped and
	 * counted; waits up to {@code waitMillis} for an event being handled, then calls {@code close}
	 * (bounded by the same wait) when {@code initialize} ran or is running. A listener removed before its
	 * thread came to it is neither initialized nor closed.
	 */
	void close(long waitMillis) {
		long dropped = stop();
		if (dropped > 0) {
			LOG.info("{} of plugin '{}' stopped: {} queued events dropped", what, plugin, dropped);
		}
		if (failing) {
			failing = false;
			problems.recovered(listener.bundleId(), what);
		}
		long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(waitMillis);
		Thread self = Thread.currentThread();
		while (current != 0 && deliveringOn != self && System.nanoTime() < deadline) {
			Thread.onSpinWait();
			try {
				Thread.sleep(1);
			} catch (InterruptedException e) {
				self.interrupt();
				break;
			}
		}
		if (current != 0) {
			LOG.warn("{} of plugin '{}' is still handling an event after {} ms; left behind", what, plugin, waitMillis);
		}
		if (begunOrGone.compareAndSet(false, true)) {
			return; // never initialized, and now never will be: nothing to close
		}
		CountDownLatch done = new CountDownLatch(1);
		Thread closing = new Thread(() -> {
			try {
				target.close();
			} catch (Throwable t) {
				LOG.error("{} of plugin '{}' threw in close(): {}", what, plugin, t.toString(), t);
			} finally {
				done.countDown();
			}
		}, "pluginkit-event-close");
		closing.setDaemon(true);
		closing.start();
		try {
			if (!done.await(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
				LOG.error("{} of plugin '{}' did not return from close() within {} ms; left behind", what, plugin,
					waitMillis);
			}
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
		}
	}

	boolean closed() {
		return closed;
	}

	int depth() {
		return size.get();
	}

	long delivered() {
		return delivered.get();
	}

	long failed() {
		return failed.sum();
	}

	long overflowed() {
		return overflowed.sum();
	}

	long droppedOnStop() {
		return droppedOnStop.get();
	}

	private static String message(Throwable t) {
		String m = t.getMessage();
		return m == null || m.isBlank() ? t.toString() : m.lines().findFirst().orElse(m);
	}
}
