package io.pluginkit.runtime.internal.contrib;

import java.util.Map;

/**
 * What one live contribution has counted so far, for {@code /metrics}: e.g. an event listener's
 * {@code delivered}, {@code failed} and {@code queue_depth}, a task's {@code runs}. Each extension
 * point that counts returns these; the metrics area turns them into {@code pluginkit_<point>_<key>}.
 *
 * @param bundleId the plugin's bundle
 * @param what the contribution in a user's words (its class, or the task's name)
 * @param counts each figure by its name (snake case, counters end in nothing, gauges are named so)
 */
public record Counted(long bundleId, String what, Map<String, Long> counts) {

	public Counted {
		counts = Map.copyOf(counts);
	}
}
