package io.pluginkit.runtime.internal.task;

import java.util.concurrent.atomic.LongAdder;

import io.pluginkit.api.task.Task;
import io.pluginkit.runtime.internal.contrib.Contribution;

/** One live task: its service, name, plugin, retries, and its figures (counted against its plugin). */
final class TaskEntry {

	/** The property {@code @PluginTask} writes: DS derives a single-element property type's name from its type. */
	static final String ANNOTATION_PROPERTY = "pluginkit.plugin.task";
	static final String RETRY = "pluginkit.task.retry";

	final Contribution<Task> contribution;
	final String name;
	final String plugin;
	final LongAdder runs = new LongAdder();
	final LongAdder succeeded = new LongAdder();
	final LongAdder triggerErrors = new LongAdder();
	final LongAdder failed = new LongAdder();
	final LongAdder timedOut = new LongAdder();
	final LongAdder cancelled = new LongAdder();
	final LongAdder rejected = new LongAdder();

	TaskEntry(Contribution<Task> contribution, String plugin) {
		this.contribution = contribution;
		this.name = name(contribution);
		this.plugin = plugin;
	}

	/** The task's name: {@code pluginkit.task}, else what {@code @PluginTask} wrote; {@code null} when neither. */
	static String name(Contribution<?> c) {
		for (Object value : new Object[] { c.property(Task.NAME), c.property(ANNOTATION_PROPERTY) }) {
			if (value instanceof String s && !s.isBlank()) {
				return s.trim();
			}
			if (value instanceof String[] all && all.length > 0 && !all[0].isBlank()) {
				return all[0].trim();
			}
		}
		return null;
	}

	/** Its own retry count ({@code @TaskRetry}), or {@code fallback}. */
	int retry(int fallback) {
		Object value = contribution.property(RETRY);
		if (value instanceof Number n) {
			return Math.max(0, n.intValue());
		}
		if (value instanceof String s) {
			try {
				return Math.max(0, Integer.parseInt(s.trim()));
			} catch (NumberFormatException e) {
				return fallback;
			}
		}
		return fallback;
	}

	Task task() {
		return contribution.service();
	}

	long bundleId() {
		return contribution.bundleId();
	}

	void count(Outcome.Kind kind) {
		switch (kind) {
		case SUCCESS -> succeeded.increment();
		case TRIGGER_ERROR -> triggerErrors.increment();
		case FAILED -> failed.increment();
		case TIMEOUT -> timedOut.increment();
		case CANCELLED -> cancelled.increment();
		}
	}
}
