package io.pluginkit.runtime.internal.registry;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Records what is reported about plugins (by the web path, the triggers, the tasks), one line per call,
 * as the registry would receive it.
 */
public final class RecordingProblems implements PluginProblems {

	public final List<String> calls = new CopyOnWriteArrayList<>();

	@Override
	public void failing(long bundleId, String what, String problem) {
		calls.add("failing " + bundleId + " " + what + ": " + problem);
	}

	@Override
	public void recovered(long bundleId, String what) {
		calls.add("recovered " + bundleId + " " + what);
	}

	@Override
	public void quarantine(long bundleId, String reason) {
		calls.add("quarantine " + bundleId + " " + reason);
	}
}
