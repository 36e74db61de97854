package io.pluginkit.runtime.internal.registry;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.pluginkit.runtime.internal.registry.RegistrySnapshot.Phase;

/**
 * Builds each new {@link RegistrySnapshot} from what changed since the last one: the plugins marked
 * dirty get their view computed again ({@link PluginStateView}), the others are shown as they were;
 * each plugin whose state, reason or version changed gives a {@link PluginStateEvent}. Also holds
 * what is shown beside the bundles' own state: problems reported by running contributions,
 * component warnings, and rows for jars that could not become a plugin.
 * <p>
 * {@link #publish} runs on the registry's writer; the reports may come from any thread.
 */
final class SnapshotBuilder {

	private static final Logger LOG = LoggerFactory.getLogger(SnapshotBuilder.class);

	private final BundleContext context;
	private final PluginIndex index;
	private final PluginStateView view;
	private final SnapshotPublisher publisher;
	private final RegistryWriter writer;
	private final ProblemSource folderProblems;
	/** Plugins whose view must be computed again at the next publish. */
	private final Set<Long> dirty = ConcurrentHashMap.newKeySet();
	/** Problems reported by running contributions, by bundle, then by contribution. */
	private final Map<Long, Map<String, String>> reported = new ConcurrentHashMap<>();
	/** What does not stop a plugin but is worth showing (a component waiting for configuration). */
	private final Map<Long, String> warnings = new ConcurrentHashMap<>();
	/** Kept copies that could not be installed again, by location: rows of their own. */
	private final Map<String, PluginInfo> keptProblems = new ConcurrentHashMap<>();

	SnapshotBuilder(BundleContext context, PluginIndex index, PluginStateView view, SnapshotPublisher publisher,
		RegistryWriter writer, ProblemSource folderProblems) {
		this.context = context;
		this.index = index;
		this.view = view;
		this.publisher = publisher;
		this.writer = writer;
		this.folderProblems = folderProblems;
	}

	/** The plugin's view must be computed again at the next publish. */
	void dirty(long bundleId) {
		dirty.add(bundleId);
	}

	/** A running contribution of the plugin fails; returns whether that is news. */
	boolean failing(long bundleId, String what, String problem) {
		String old = reported.computeIfAbsent(bundleId, k -> new ConcurrentHashMap<>()).put(what, problem);
		if (problem.equals(old)) {
			return false;
		}
		dirty.add(bundleId);
		return true;
	}

	/** The contribution works again; returns whether it was failing. */
	boolean recovered(long bundleId, String what) {
		Map<String, String> problems = reported.get(bundleId);
		if (problems == null || problems.remove(what) == null) {
			return false;
		}
		dirty.add(bundleId);
		return true;
	}

	/** Forgets what the plugin's contributions reported (it stopped, was updated or went away). */
	void forgetReports(long bundleId) {
		reported.remove(bundleId);
		dirty.add(bundleId);
	}

	/** Shows (or with {@code null}, stops showing) a warning for a running plugin. */
	void warning(long bundleId, String warning) {
		String old = warning == null ? warnings.remove(bundleId) : warnings.put(bundleId, warning);
		if (!Objects.equals(old, warning)) {
			dirty.add(bundleId);
		}
	}

	/** Shows a row for a kept copy that could not be installed again; logged once per reason. */
	void keptProblem(String file, String location, String reason) {
		PluginInfo old = keptProblems.put(location, PluginStateView.problemRow(file, location, reason, Instant.now()));
		if (old == null || !old.reason().equals(reason)) {
			LOG.error("{}", reason);
		}
	}

	/** Stops showing the row of a kept copy (it was installed again); returns whether there was one. */
	boolean clearKeptProblem(String location) {
		return keptProblems.remove(location) != null;
	}

	/** What a plugin looks like now, without publishing it (for replies while starting). */
	PluginInfo preview(PluginEntry e, Bundle b) {
		return view.view(e, b, reported.getOrDefault(e.bundleId, Map.of()), warnings.get(e.bundleId));
	}

	/**
	 * A plugin just installed while PluginKit starts, as it stands before anything tried to resolve it
	 * (a thousand folder jars would otherwise each ask the resolver why they are not resolved yet).
	 */
	PluginInfo previewInstalled(PluginEntry e, Bundle b) {
		return view.view(e, b, Map.of(), null, false);
	}

	/** A plugin went away: its last view, as UNINSTALLED, goes to the listeners. */
	void removed(PluginEntry e, String cause) {
		reported.remove(e.bundleId);
		warnings.remove(e.bundleId);
		dirty.remove(e.bundleId);
		PluginInfo last = e.shown;
		if (last != null) {
			publisher.emit(last, new PluginInfo(last.name(), last.version(), last.author(), last.description(), last.url(),
				last.license(), last.licenseFile(), last.readmeFile(), last.enabledByDefault(), last.requires(),
				PluginState.UNINSTALLED, null, last.bundleId(), last.symbolicName(), last.location(), Instant.now()),
				cause);
		}
		e.shown = null;
	}

	/**
	 * Publishes soon, once, after whatever else is queued: a burst of events makes one snapshot. Does
	 * nothing while starting (the start publishes once the plugins are in place) or stopping.
	 */
	void publishSoon() {
		if (publisher.phase() == Phase.RUNNING && publisher.requestPublish()) {
			writer.execute(() -> publishWhenIdle(0));
		}
	}

	/** Publishes once the writer has nothing else queued, or after 100 deferrals. */
	private void publishWhenIdle(int deferred) {
		if (writer.busy() && deferred < 100) {
			writer.execute(() -> publishWhenIdle(deferred + 1));
		} else {
			publish("bundle event");
		}
	}

	/** Recomputes what changed and publishes a new snapshot and the events; on the writer. */
	void publish(String cause) {
		publisher.publishing();
		if (LOG.isTraceEnabled()) {
			LOG.trace("publishing after {} ({} changed)", cause, dirty.size());
		}
		List<PluginInfo> infos = new ArrayList<>();
		Map<String, Bundle> enabled = new HashMap<>();
		for (PluginEntry e : index.all()) {
			Bundle b = context.getBundle(e.bundleId);
			if (b == null) {
				continue;
			}
			PluginInfo now = e.shown != null && !dirty.remove(e.bundleId) ? e.shown : recompute(e, b, cause);
			infos.add(now);
			if (now.state() == PluginState.ENABLED && e.valid()) {
				enabled.put(e.metadata.name(), b);
			}
		}
		infos.addAll(keptProblems.values());
		for (ProblemSource.Problem p : folderProblems.problems()) {
			infos.add(PluginStateView.problemRow(p.file(), p.location(), p.reason(), p.since()));
		}
		publisher.publish(infos, enabled);
	}

	private PluginInfo recompute(PluginEntry e, Bundle b, String cause) {
		PluginInfo now = preview(e, b);
		PluginInfo before = e.shown;
		if (before != null && before.state() == now.state() && Objects.equals(before.reason(), now.reason())
			&& Objects.equals(before.version(), now.version())) {
			return before;
		}
		if (before != null && before.state() != now.state()) {
			e.since = Instant.now();
		}
		now = new PluginInfo(now.name(), now.version(), now.author(), now.description(), now.url(), now.license(),
			now.licenseFile(), now.readmeFile(), now.enabledByDefault(), now.requires(), now.state(), now.reason(),
			now.bundleId(), now.symbolicName(), now.location(), e.since);
		e.shown = now;
		publisher.emit(before, now, cause);
		return now;
	}
}
