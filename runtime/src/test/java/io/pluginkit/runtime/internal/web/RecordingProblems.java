package io.pluginkit.runtime.internal.web;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.pluginkit.runtime.internal.registry.PluginProblems;

/** Records what the web path reports about plugins, one line per call, as the registry would receive it. */
final class RecordingProblems implements PluginProblems {

	final List<String> calls = new CopyOnWriteArrayList<>();

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
