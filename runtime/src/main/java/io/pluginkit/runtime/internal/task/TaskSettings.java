package io.pluginkit.runtime.internal.task;

import java.util.Map;
import java.util.function.Consumer;

import org.osgi.framework.BundleContext;

import io.pluginkit.runtime.internal.settings.Configured;

/**
 * The task runner's settings (PID {@code pluginkit.tasks}, each with its {@code -D} fallback): a
 * value that is not a number in range is said once and replaced by its default.
 */
record TaskSettings(int workers, int queue, int history, long timeoutMillis, int retry, long backoffMillis,
	int maxArgsBytes) {

	static final String WORKERS = "pluginkit.tasks.workers";
	static final String QUEUE = "pluginkit.tasks.queue";
	static final String HISTORY = "pluginkit.tasks.history";
	static final String TIMEOUT = "pluginkit.tasks.timeout.ms";
	static final String RETRY = "pluginkit.tasks.retry";
	static final String BACKOFF = "pluginkit.tasks.retry.backoff.ms";
	static final String MAX_ARGS = "pluginkit.tasks.max.args.bytes";

	static final int DEFAULT_WORKERS = Math.max(2, Runtime.getRuntime().availableProcessors());
	static final int DEFAULT_QUEUE = 1000;
	static final int DEFAULT_HISTORY = 1000;
	static final long DEFAULT_TIMEOUT = 60_000;
	static final int DEFAULT_RETRY = 0;
	static final long DEFAULT_BACKOFF = 100;
	static final int DEFAULT_MAX_ARGS = 1 << 20;

	static TaskSettings from(Map<String, Object> configuration, BundleContext context, Consumer<String> warnings) {
		return new TaskSettings(
			(int) number(configuration, context, WORKERS, DEFAULT_WORKERS, 1, 1024, warnings),
			(int) number(configuration, context, QUEUE, DEFAULT_QUEUE, 0, 1_000_000, warnings),
			(int) number(configuration, context, HISTORY, DEFAULT_HISTORY, 0, 1_000_000, warnings),
			number(configuration, context, TIMEOUT, DEFAULT_TIMEOUT, 1, Long.MAX_VALUE / 1_000_000, warnings),
			(int) number(configuration, context, RETRY, DEFAULT_RETRY, 0, 100, warnings),
			number(configuration, context, BACKOFF, DEFAULT_BACKOFF, 0, 3_600_000, warnings),
			(int) number(configuration, context, MAX_ARGS, DEFAULT_MAX_ARGS, 2, Integer.MAX_VALUE - 8, warnings));
	}

	private static long number(Map<String, Object> configuration, BundleContext context, String key, long fallback,
		long min, long max, Consumer<String> warnings) {
		String value = Configured.value(configuration, context, key);
		if (value == null) {
			return fallback;
		}
		try {
			long n = Long.parseLong(value);
			if (n >= min && n <= max) {
				return n;
			}
		} catch (NumberFormatException e) {
			// said below
		}
		warnings.accept(key + "=" + value + " is not a number from " + min + " to " + max + "; using " + fallback);
		return fallback;
	}
}
