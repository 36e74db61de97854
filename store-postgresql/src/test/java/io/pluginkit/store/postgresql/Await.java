package io.pluginkit.store.postgresql;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.function.Predicate;

/** Polls a value until it satisfies a condition or the deadline passes: no fixed sleeps in tests. */
final class Await {

	/** How long any condition of a test may take to become true. */
	public static final Duration DEADLINE = Duration.ofSeconds(30);

	private Await() {
	}

	public static <T> T until(String what, Callable<T> value, Predicate<? super T> condition) {
		long deadline = System.nanoTime() + DEADLINE.toNanos();
		T last = null;
		Exception error = null;
		while (System.nanoTime() < deadline) {
			try {
				last = value.call();
				error = null;
				if (condition.test(last)) {
					return last;
				}
			} catch (Exception e) {
				error = e;
			}
			try {
				Thread.sleep(20);
			} catch (InterruptedException e) {
				Thread.currentThread().interrupt();
				throw new AssertionError(e);
			}
		}
		AssertionError failure = new AssertionError("timed out waiting until " + what + "; last value: "
			+ describe(last));
		if (error != null) {
			failure.initCause(error);
		}
		throw failure;
	}

	private static String describe(Object value) {
		if (value instanceof java.net.http.HttpResponse<?> r) {
			return r.statusCode() + " " + r.body();
		}
		return String.valueOf(value);
	}
}
