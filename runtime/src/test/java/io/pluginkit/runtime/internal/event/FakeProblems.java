package io.pluginkit.runtime.internal.event;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;

import io.pluginkit.runtime.internal.registry.PluginProblems;

/** Records what is reported, as the registry would show it: failing contributions and quarantines by bundle. */
public final class FakeProblems implements PluginProblems {

	public final Map<Long, String> failing = new ConcurrentHashMap<>();
	public final Map<Long, String> quarantined = new ConcurrentHashMap<>();

	@Override
	public void failing(long bundleId, String what, String problem) {
		failing.put(bundleId, problem);
	}

	@Override
	public void recovered(long bundleId, String what) {
		failing.remove(bundleId);
	}

	@Override
	public void quarantine(long bundleId, String reason) {
		quarantined.put(bundleId, reason);
	}

	/** Waits up to 10 s for a condition; fails naming it. */
	public static void await(String what, BooleanSupplier condition) {
		long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
		while (!condition.getAsBoolean()) {
			if (System.nanoTime() > deadline) {
				throw new AssertionError("timed out waiting until " + what);
			}
			Thread.onSpinWait();
			try {
				Thread.sleep(2);
			} catch (InterruptedException e) {
				throw new AssertionError(e);
			}
		}
	}
}
