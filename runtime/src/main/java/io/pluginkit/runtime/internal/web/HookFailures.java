package io.pluginkit.runtime.internal.web;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.pluginkit.api.web.RequestHook;
import io.pluginkit.runtime.internal.contrib.Contribution;
import io.pluginkit.runtime.internal.registry.PluginProblems;
import jakarta.servlet.http.HttpServletRequest;

/**
 * What the request hooks do wrong, per hook (keyed by {@code service.id}): counts every failure,
 * logs the stack trace once per distinct failure (hook class, exception class and message) and a
 * line for each later one, reports a failing hook to {@link PluginProblems} and its recovery at
 * its next success, and quarantines its plugin after {@code quarantineAfter} failures in a row
 * (unless the hook is {@code open}).
 * A hook's figures are forgotten when the hook goes away.
 * <p>
 * Called on request threads; the path without failures reads one volatile int
 * ({@link #anyFailing()}).
 */
final class HookFailures {

	private static final Logger LOG = LoggerFactory.getLogger(HookFailures.class);

	/** Property {@code pluginkit.hook.quarantine.after}: failures in a row before quarantine; 0 never. */
	static final String QUARANTINE_AFTER = "pluginkit.hook.quarantine.after";
	static final int DEFAULT_QUARANTINE_AFTER = 20;
	/** Distinct failures remembered per hook; more are counted together (a message may carry request data). */
	static final int DISTINCT_PER_HOOK = 20;
	static final String OTHER = "(other failures)";

	/** One hook's failures. */
	private static final class Health {
		final long bundleId;
		final String what;
		final LongAdder total = new LongAdder();
		final AtomicInteger inARow = new AtomicInteger();
		final Map<String, LongAdder> distinct = new ConcurrentHashMap<>();
		final AtomicBoolean failing = new AtomicBoolean();
		final AtomicBoolean quarantined = new AtomicBoolean();

		Health(Contribution<RequestHook> hook) {
			this.bundleId = hook.bundleId();
			this.what = "hook " + hook.className();
		}
	}

	private final PluginProblems problems;
	private volatile int quarantineAfter;
	private final Map<Long, Health> byService = new ConcurrentHashMap<>();
	private final AtomicInteger failingHooks = new AtomicInteger();

	HookFailures(PluginProblems problems, int quarantineAfter) {
		this.problems = problems;
		this.quarantineAfter = quarantineAfter;
	}

	/** Changes the threshold (a new configuration); counts so far are kept. */
	void quarantineAfter(int n) {
		this.quarantineAfter = n;
	}

	/** The threshold from the property's text: unset is the default, a bad value is reported and ignored. */
	static int quarantineAfter(String value) {
		if (value == null || value.isBlank()) {
			return DEFAULT_QUARANTINE_AFTER;
		}
		try {
			int n = Integer.parseInt(value.trim());
			if (n >= 0) {
				return n;
			}
		} catch (NumberFormatException e) {
			// reported below
		}
		LOG.warn("{}={} is not a number of failures (0 = never quarantine); using {}", QUARANTINE_AFTER, value,
			DEFAULT_QUARANTINE_AFTER);
		return DEFAULT_QUARANTINE_AFTER;
	}

	/** Whether some hook failed and has not succeeded since: only then successes need recording. */
	boolean anyFailing() {
		return failingHooks.get() > 0;
	}

	/**
	 * A hook threw in {@code phase} ({@code before}, {@code after} or {@code teardown}). An
	 * {@code open} hook is counted and reported like any other but never quarantined: it fails no
	 * request, and its plugin's other contributions (its pages) should not go down with it.
	 */
	void failed(Contribution<RequestHook> hook, boolean open, String phase, HttpServletRequest request, Throwable error) {
		Health h = byService.computeIfAbsent(hook.serviceId(), id -> new Health(hook));
		h.total.increment();
		int inARow = h.inARow.incrementAndGet();
		String failure = error.toString();
		LongAdder count = h.distinct.get(failure);
		boolean first = false;
		if (count == null) {
			String key = h.distinct.size() < DISTINCT_PER_HOOK ? failure : OTHER;
			LongAdder fresh = new LongAdder();
			count = h.distinct.putIfAbsent(key, fresh);
			if (count == null) {
				count = fresh;
				first = key.equals(failure);
			}
		}
		count.increment();
		if (first) {
			LOG.error("request {} of bundle {} threw in {} on {} {}: {} (stack trace logged once; repeats are counted in plugin:info)",
				h.what, h.bundleId, phase, request.getMethod(), request.getRequestURI(), failure, error);
		} else {
			LOG.error("request {} of bundle {} threw in {} on {} {} again ({} times): {}", h.what, h.bundleId, phase,
				request.getMethod(), request.getRequestURI(), count.sum(), failure);
		}
		if (h.failing.compareAndSet(false, true)) {
			failingHooks.incrementAndGet();
			problems.failing(h.bundleId, h.what, h.what + " threw: " + failure);
		}
		if (!open && quarantineAfter > 0 && inARow >= quarantineAfter && h.quarantined.compareAndSet(false, true)) {
			problems.quarantine(h.bundleId, "quarantined: " + h.what + " threw " + inARow + " times in a row: " + failure);
		}
	}

	/** A hook ran through a request without throwing: its failures in a row start again from 0. */
	void succeeded(Contribution<RequestHook> hook) {
		Health h = byService.get(hook.serviceId());
		if (h == null) {
			return;
		}
		h.inARow.set(0);
		h.quarantined.set(false);
		if (h.failing.compareAndSet(true, false)) {
			failingHooks.decrementAndGet();
			problems.recovered(h.bundleId, h.what);
		}
	}

	/** The hook went away (its plugin stopped or it was unregistered): its figures go with it. */
	void forget(Contribution<RequestHook> hook) {
		Health h = byService.remove(hook.serviceId());
		if (h != null && h.failing.compareAndSet(true, false)) {
			failingHooks.decrementAndGet();
			problems.recovered(h.bundleId, h.what);
		}
	}

	/** How many times the bundle's live hooks failed. */
	long total(long bundleId) {
		long sum = 0;
		for (Health h : byService.values()) {
			if (h.bundleId == bundleId) {
				sum += h.total.sum();
			}
		}
		return sum;
	}

	/** Each distinct failure of the bundle's live hooks with its count, e.g. {@code hook a.B threw x.Y: z (3 times)}. */
	List<String> distinct(long bundleId) {
		List<String> result = new ArrayList<>();
		for (Health h : byService.values()) {
			if (h.bundleId == bundleId) {
				h.distinct.forEach((failure, count) -> result
					.add(h.what + (failure.equals(OTHER) ? " " + OTHER : " threw " + failure) + " (" + count.sum()
						+ (count.sum() == 1 ? " time)" : " times)")));
			}
		}
		result.sort(null);
		return result;
	}
}
