package io.pluginkit.runtime.internal.trigger;

import java.util.concurrent.atomic.AtomicLong;

import io.pluginkit.runtime.internal.contrib.FakeReference;

/** A {@link FakeReference} with the next free service id, a ranking and properties given as key, value pairs. */
public final class Ref extends FakeReference {

	private static final AtomicLong IDS = new AtomicLong(1000);

	public Ref(long bundleId, int ranking, Object... keyValues) {
		super(bundleId, IDS.incrementAndGet(), ranking);
		for (int i = 0; i < keyValues.length; i += 2) {
			with((String) keyValues[i], keyValues[i + 1]);
		}
	}
}
