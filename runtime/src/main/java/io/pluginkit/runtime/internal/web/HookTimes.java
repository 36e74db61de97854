package io.pluginkit.runtime.internal.web;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

import io.pluginkit.runtime.internal.contrib.Contribution;

/**
 * The time spent in each plugin's request hooks ({@code before}, {@code after}, {@code teardown}), for
 * {@code /metrics}. The request path does no lookup: the counters of a snapshot of hooks are found once,
 * when the snapshot changes, and kept beside it; a request adds to them without allocating. Like the
 * failure counts, the figures are those of live hooks: a plugin whose last hook goes starts again from 0.
 */
final class HookTimes {

	/** The counters of one hooks snapshot, index for index. */
	private record Aligned(Contribution<?>[] hooks, LongAdder[] counters) {
	}

	private final Map<Long, LongAdder> byBundle = new ConcurrentHashMap<>();
	private volatile Aligned aligned = new Aligned(new Contribution<?>[0], new LongAdder[0]);

	/** The counters for the hooks of this snapshot, in its order. */
	LongAdder[] counters(Contribution<?>[] hooks) {
		Aligned a = aligned;
		if (a.hooks() == hooks) {
			return a.counters();
		}
		LongAdder[] counters = new LongAdder[hooks.length];
		for (int i = 0; i < hooks.length; i++) {
			counters[i] = byBundle.computeIfAbsent(hooks[i].bundleId(), id -> new LongAdder());
		}
		aligned = new Aligned(hooks, counters);
		return counters;
	}

	/** Nanoseconds spent in the live hooks of a bundle. */
	long nanos(long bundleId) {
		LongAdder n = byBundle.get(bundleId);
		return n == null ? 0 : n.sum();
	}

	/** The bundle has no hook left: its figure goes. */
	void forget(long bundleId) {
		byBundle.remove(bundleId);
	}
}
