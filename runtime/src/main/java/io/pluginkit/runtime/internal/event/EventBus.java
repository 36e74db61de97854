package io.pluginkit.runtime.internal.event;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongFunction;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.pluginkit.api.event.EventListener;
import io.pluginkit.runtime.internal.contrib.Contribution;
import io.pluginkit.runtime.internal.registry.PluginProblems;

/**
 * PluginKit's own event bus: a {@link ListenerQueue} per listener, routes from a topic to its
 * queues cached until the listeners change, a cached pool of daemon threads that deliver (a stuck
 * listener holds one thread, never the others'), and a watchdog that quarantines a listener
 * stuck past its timeout. Publishing never blocks and never runs listener code.
 * <p>
 * Chosen over Felix EventAdmin 1.6.4 by the benchmark in {@code bench/events} (README,
 * Performance): it delivers several times more events per second to one listener, and keeps a
 * bounded, counted queue per listener, which EventAdmin does not have. Plain Java (no OSGi), so
 * that the benchmark and the unit tests use it as it is.
 */
public final class EventBus implements AutoCloseable {

	private static final Logger LOG = LoggerFactory.getLogger(EventBus.class);
	/** How long a stopping listener's current event and its {@code close} may take: DESIGN's 1 s. */
	static final long CLOSE_WAIT_MILLIS = 1000;
	static final long WATCH_PERIOD_MILLIS = 50;

	/** The listeners and the routes computed from them: replaced whole when a listener comes or goes. */
	private record Routing(ListenerQueue[] queues, Map<String, ListenerQueue[]> routes) {
		static final int MAX_ROUTES = 4096;

		ListenerQueue[] route(String topic) {
			ListenerQueue[] found = routes.get(topic);
			if (found == null) {
				List<ListenerQueue> matching = new ArrayList<>();
				for (ListenerQueue q : queues) {
					if (q.wants(topic)) {
						matching.add(q);
					}
				}
				found = matching.toArray(new ListenerQueue[0]);
				if (routes.size() < MAX_ROUTES) {
					routes.put(topic, found);
				}
			}
			return found;
		}
	}

	/** What a plugin's past listeners did, kept after they went away (plugin:info of a disabled plugin). */
	private record Past(long delivered, long failed, long overflowed, long droppedOnStop) {
		Past plus(ListenerQueue q) {
			return new Past(delivered + q.delivered(), failed + q.failed(), overflowed + q.overflowed(),
				droppedOnStop + q.droppedOnStop());
		}
	}

	private final PluginProblems problems;
	private final LongFunction<String> pluginNames;
	private final Map<Long, ListenerQueue> byService = new HashMap<>();
	private final Map<Long, Past> past = new ConcurrentHashMap<>();
	private volatile Routing routing = new Routing(new ListenerQueue[0], new ConcurrentHashMap<>());
	private volatile int defaultQueue;
	private volatile long defaultTimeoutMillis;
	private final ExecutorService delivery;
	private final ScheduledExecutorService watchdog;

	/**
	 * @param problems where failures and quarantines go
	 * @param pluginNames the plugin's name for a bundle id, for messages
	 * @param defaultQueue queue size of a listener that does not set {@link EventListener#QUEUE}
	 * @param defaultTimeoutMillis timeout of a listener that does not set {@link EventListener#TIMEOUT}
	 */
	public EventBus(PluginProblems problems, LongFunction<String> pluginNames, int defaultQueue, long defaultTimeoutMillis) {
		this.problems = problems;
		this.pluginNames = pluginNames;
		this.defaultQueue = defaultQueue;
		this.defaultTimeoutMillis = defaultTimeoutMillis;
		AtomicInteger threads = new AtomicInteger();
		this.delivery = Executors.newCachedThreadPool(r -> {
			Thread t = new Thread(r, "pluginkit-events-" + threads.incrementAndGet());
			t.setDaemon(true);
			return t;
		});
		this.watchdog = Executors.newSingleThreadScheduledExecutor(r -> {
			Thread t = new Thread(r, "pluginkit-events-watchdog");
			t.setDaemon(true);
			return t;
		});
		watchdog.scheduleWithFixedDelay(this::watch, WATCH_PERIOD_MILLIS, WATCH_PERIOD_MILLIS, TimeUnit.MILLISECONDS);
	}

	/** New defaults (a changed configuration) for listeners that come from now on. */
	public void defaults(int queue, long timeoutMillis) {
		this.defaultQueue = queue;
		this.defaultTimeoutMillis = timeoutMillis;
	}

	/**
	 * A listener came: it receives events of its topics from now on. One without a valid topic
	 * receives nothing and is reported against its plugin.
	 */
	public synchronized void add(Contribution<EventListener> listener) {
		String plugin = pluginNames.apply(listener.bundleId());
		String what = "event listener " + listener.className();
		List<String> patterns = new ArrayList<>();
		List<String> problemsFound = new ArrayList<>();
		for (String p : strings(listener.property(io.pluginkit.api.event.EventTopic.PROPERTY))) {
			String problem = Topics.patternProblem(p);
			if (problem == null) {
				patterns.add(p);
			} else {
				problemsFound.add(problem);
			}
		}
		if (patterns.isEmpty() && problemsFound.isEmpty()) {
			problemsFound.add("no topic: set " + io.pluginkit.api.event.EventTopic.PROPERTY + " (@EventTopic) to the topics it receives");
		}
		if (!problemsFound.isEmpty()) {
			String problem = what + " has " + String.join("; ", problemsFound);
			LOG.error("plugin '{}': {}", plugin, problem);
			problems.failing(listener.bundleId(), what, problem);
		}
		if (patterns.isEmpty()) {
			return;
		}
		ListenerQueue queue = new ListenerQueue(listener, plugin, List.copyOf(patterns),
			positive(listener.property(EventListener.QUEUE), defaultQueue),
			positive(listener.property(EventListener.TIMEOUT), defaultTimeoutMillis), delivery, problems);
		ListenerQueue before = byService.put(listener.serviceId(), queue);
		publishRouting();
		queue.open();
		if (before != null) {
			retire(before);
		}
	}

	/** A listener went away (its plugin stops): no more deliveries to it; waits for it at most a second. */
	public void remove(long serviceId) {
		ListenerQueue gone;
		synchronized (this) {
			gone = byService.remove(serviceId);
			if (gone == null) {
				return;
			}
			publishRouting();
		}
		retire(gone);
	}

	/** A listener that was not added (no valid topic) is still named as failing until it goes. */
	public void forgetProblem(Contribution<EventListener> listener) {
		problems.recovered(listener.bundleId(), "event listener " + listener.className());
	}

	private void retire(ListenerQueue q) {
		q.close(CLOSE_WAIT_MILLIS);
		past.merge(q.bundleId(), new Past(0, 0, 0, 0).plus(q), (a, b) -> new Past(a.delivered + b.delivered,
			a.failed + b.failed, a.overflowed + b.overflowed, a.droppedOnStop + b.droppedOnStop));
	}

	private void publishRouting() {
		ListenerQueue[] queues = byService.values().toArray(new ListenerQueue[0]);
		Arrays.sort(queues, (a, b) -> Contribution.ORDER.compare(a.listener, b.listener));
		routing = new Routing(queues, new ConcurrentHashMap<>());
	}

	/**
	 * Publishes an event (the topic must be valid): queued for each subscribed listener.
	 *
	 * @return how many listeners it was queued for
	 */
	public int publish(String topic, String source, Object payload) {
		ListenerQueue[] targets = routing.route(topic);
		if (targets.length == 0) {
			return 0;
		}
		PublishedEvent event = new PublishedEvent(topic, source, payload);
		int queued = 0;
		for (ListenerQueue q : targets) {
			if (q.offer(event)) {
				queued++;
			}
		}
		return queued;
	}

	/** Whether some listener receives {@code topic}: publishers of costly payloads ask first. */
	public boolean hasListeners(String topic) {
		return routing.route(topic).length > 0;
	}

	private void watch() {
		long now = System.nanoTime();
		for (ListenerQueue q : routing.queues()) {
			try {
				if (q.checkStuck(now)) {
					q.quarantine();
				}
			} catch (RuntimeException e) {
				LOG.error("event watchdog: {}", e.toString(), e);
			}
		}
	}

	/** What {@code plugin:info} shows: the bundle's listeners, in delivery order. */
	public List<String> describe(long bundleId) {
		List<String> result = new ArrayList<>();
		for (ListenerQueue q : routing.queues()) {
			if (q.bundleId() == bundleId) {
				result.add(q.what + " on " + String.join(", ", q.patterns) + " (queue " + q.depth() + "/" + q.capacity
					+ ", timeout " + q.timeoutMillis + " ms, ranking " + q.listener.ranking() + ")");
			}
		}
		return result;
	}

	/** What {@code plugin:info} counts: events delivered, failed and dropped, for live and past listeners. */
	public List<String> metrics(long bundleId) {
		Past sum = past.getOrDefault(bundleId, new Past(0, 0, 0, 0));
		boolean any = past.containsKey(bundleId);
		for (ListenerQueue q : routing.queues()) {
			if (q.bundleId() == bundleId) {
				sum = sum.plus(q);
				any = true;
			}
		}
		if (!any) {
			return List.of();
		}
		return List.of("events delivered: " + sum.delivered + ", failed: " + sum.failed + ", dropped (queue full): "
			+ sum.overflowed + ", dropped (plugin stopped): " + sum.droppedOnStop);
	}

	/** Figures of one bundle's live and past listeners (for tests and metrics). */
	public long[] counts(long bundleId) {
		Past sum = past.getOrDefault(bundleId, new Past(0, 0, 0, 0));
		for (ListenerQueue q : routing.queues()) {
			if (q.bundleId() == bundleId) {
				sum = sum.plus(q);
			}
		}
		return new long[] { sum.delivered, sum.failed, sum.overflowed, sum.droppedOnStop };
	}

	/** What each live listener counted, for {@code /metrics}. */
	public List<io.pluginkit.runtime.internal.contrib.Counted> counted() {
		List<io.pluginkit.runtime.internal.contrib.Counted> result = new ArrayList<>();
		for (ListenerQueue q : routing.queues()) {
			result.add(new io.pluginkit.runtime.internal.contrib.Counted(q.bundleId(), q.what, Map.of("delivered",
				q.delivered(), "failed", q.failed(), "dropped_queue_full", q.overflowed(), "dropped_stopped",
				q.droppedOnStop(), "queue_depth", (long) q.depth())));
		}
		return result;
	}

	/** The bundle was uninstalled: its figures go. */
	public void forget(long bundleId) {
		past.remove(bundleId);
	}

	@Override
	public void close() {
		watchdog.shutdownNow();
		List<ListenerQueue> all;
		synchronized (this) {
			all = new ArrayList<>(byService.values());
			byService.clear();
			publishRouting();
		}
		for (ListenerQueue q : all) {
			q.stop();
		}
		delivery.shutdownNow();
	}

	private static List<String> strings(Object value) {
		if (value instanceof String s) {
			return List.of(s);
		}
		if (value instanceof String[] a) {
			return Arrays.asList(a);
		}
		if (value instanceof java.util.Collection<?> c) {
			return c.stream().map(String::valueOf).toList();
		}
		return List.of();
	}

	private static int positive(Object value, int otherwise) {
		long n = positive(value, (long) otherwise);
		return n > Integer.MAX_VALUE ? Integer.MAX_VALUE : (int) n;
	}

	private static long positive(Object value, long otherwise) {
		if (value == null) {
			return otherwise;
		}
		try {
			long n = value instanceof Number num ? num.longValue() : Long.parseLong(String.valueOf(value).trim());
			return n > 0 ? n : otherwise;
		} catch (NumberFormatException e) {
			return otherwise;
		}
	}
}
