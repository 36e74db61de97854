package io.pluginkit.runtime.internal.trigger;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

import io.pluginkit.api.trigger.AsyncTriggerHandler;
import io.pluginkit.api.trigger.TriggerHandler;
import io.pluginkit.runtime.internal.contrib.Contribution;

/**
 * One trigger handler as the chain runs it: the sync or the async interface, the names it is for
 * (empty = global) and its failure figures, which live as long as the service does.
 */
final class Handler {

	/** The property {@code @PluginTrigger} writes: DS derives a single-element property type's name from its type. */
	static final String ANNOTATION_PROPERTY = "pluginkit.plugin.trigger";

	final Contribution<Object> contribution;
	final TriggerHandler sync;
	final AsyncTriggerHandler async;
	final Set<String> names;
	/** How {@code plugin:info} and the log name it, e.g. {@code trigger handler io.acme.Audit}. */
	final String what;
	final LongAdder fired = new LongAdder();
	final LongAdder failures = new LongAdder();
	final LongAdder timeouts = new LongAdder();
	final AtomicBoolean failing = new AtomicBoolean();
	volatile String lastFailure;

	Handler(Contribution<Object> contribution) {
		this.contribution = contribution;
		this.sync = contribution.service() instanceof TriggerHandler t ? t : null;
		this.async = sync == null && contribution.service() instanceof AsyncTriggerHandler a ? a : null;
		this.names = names(contribution);
		this.what = "trigger handler " + contribution.className();
	}

	/** The same handler (and figures) after its properties changed. */
	Handler(Handler before, Contribution<Object> now) {
		this.contribution = now;
		this.sync = before.sync;
		this.async = before.async;
		this.names = names(now);
		this.what = before.what;
		this.fired.add(before.fired.sum());
		this.failures.add(before.failures.sum());
		this.timeouts.add(before.timeouts.sum());
		this.failing.set(before.failing.get());
		this.lastFailure = before.lastFailure;
	}

	boolean global() {
		return names.isEmpty();
	}

	long bundleId() {
		return contribution.bundleId();
	}

	/** The names of {@code pluginkit.trigger} and of {@code @PluginTrigger}: a String, String[] or collection each. */
	static Set<String> names(Contribution<?> c) {
		Set<String> names = new LinkedHashSet<>();
		add(names, c.property(TriggerHandler.TRIGGER));
		add(names, c.property(ANNOTATION_PROPERTY));
		return Set.copyOf(names);
	}

	private static void add(Set<String> names, Object value) {
		if (value instanceof String s) {
			if (!s.isBlank()) {
				names.add(s.trim());
			}
		} else if (value instanceof String[] all) {
			for (String s : all) {
				add(names, s);
			}
		} else if (value instanceof Collection<?> all) {
			for (Object s : all) {
				add(names, s);
			}
		}
	}
}
