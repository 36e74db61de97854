package io.pluginkit.runtime.internal.trigger;

import java.util.concurrent.atomic.AtomicInteger;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.pluginkit.runtime.internal.registry.PluginProblems;

/**
 * What trigger handlers do wrong (a throw that is not a {@code PluginTriggerError}, no answer in
 * time), counted per handler against its plugin: the first failure of a handler is logged with its
 * stack trace, later ones in one line; the plugin is reported failing ({@code plugin:list},
 * {@code /health}) until the handler answers again.
 * <p>
 * Called on the firing threads; without failures the chain reads one volatile int
 * ({@link #anyFailing()}).
 */
final class HandlerFailures {

	private static final Logger LOG = LoggerFactory.getLogger(HandlerFailures.class);

	private final PluginProblems problems;
	private final AtomicInteger failing = new AtomicInteger();

	HandlerFailures(PluginProblems problems) {
		this.problems = problems;
	}

	boolean anyFailing() {
		return failing.get() > 0;
	}

	/** The handler threw {@code error} (or did not answer: {@code timeout}) on the trigger {@code name}. */
	void failed(Handler h, String name, Throwable error, boolean timeout, long timeoutMillis) {
		h.failures.increment();
		String failure = timeout ? "did not answer within " + timeoutMillis + " ms" : "threw " + error;
		if (timeout) {
			h.timeouts.increment();
		}
		boolean first = h.lastFailure == null;
		h.lastFailure = failure;
		if (first && !timeout) {
			LOG.error("{} of bundle {} {} on trigger '{}'; skipped, the chain goes on (counted in plugin:info)", h.what,
				h.bundleId(), failure, name, error);
		} else {
			LOG.error("{} of bundle {} {} on trigger '{}'; skipped ({} failures)", h.what, h.bundleId(), failure, name,
				h.failures.sum());
		}
		if (h.failing.compareAndSet(false, true)) {
			failing.incrementAndGet();
			problems.failing(h.bundleId(), h.what, h.what + " " + failure + " on trigger '" + name + "'");
		}
	}

	/** The handler answered: a failing one is failing no more. */
	void succeeded(Handler h) {
		if (h.failing.compareAndSet(true, false)) {
			failing.decrementAndGet();
			problems.recovered(h.bundleId(), h.what);
		}
	}

	/** The handler went away: so does its problem. */
	void forget(Handler h) {
		succeeded(h);
	}
}
