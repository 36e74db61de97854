package io.pluginkit.runtime.internal.registry;

import java.util.List;

import org.osgi.framework.Bundle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.pluginkit.runtime.internal.registry.RegistrySnapshot.Phase;

/**
 * What the registry does with each bundle event once {@link BundleEvents} has classified it, on
 * the writer: a plain Felix {@code install} is adopted (a copy kept, the desired state applied), a
 * plain {@code start} or {@code stop} against the desired state is an admin decision, a plain
 * {@code uninstall} forgets the plugin's decision; every event marks its plugin for the next
 * snapshot.
 */
final class BundleEventHandler implements BundleEvents.Handler {

	private static final Logger LOG = LoggerFactory.getLogger(BundleEventHandler.class);

	private final PluginIndex index;
	private final Reconciler reconciler;
	private final Decisions decisions;
	private final KeptBundles kept;
	private final SnapshotBuilder snapshots;
	private final SnapshotPublisher publisher;
	private final BundleActions actions;
	private final ServiceWatch serviceWatch;

	BundleEventHandler(PluginIndex index, Reconciler reconciler, Decisions decisions, KeptBundles kept,
		SnapshotBuilder snapshots, SnapshotPublisher publisher, BundleActions actions, ServiceWatch serviceWatch) {
		this.index = index;
		this.reconciler = reconciler;
		this.decisions = decisions;
		this.kept = kept;
		this.snapshots = snapshots;
		this.publisher = publisher;
		this.actions = actions;
		this.serviceWatch = serviceWatch;
	}

	@Override
	public void installed(Bundle bundle, boolean own) {
		if (bundle.getState() == Bundle.UNINSTALLED) {
			return;
		}
		snapshots.dirty(bundle.getBundleId());
		if (own && publisher.phase() == Phase.STARTING) {
			return; // startup installs everything first, then applies and publishes once
		}
		PluginEntry e = index.contains(bundle.getBundleId()) ? index.get(bundle.getBundleId()) : reconciler.track(bundle);
		if (!own) {
			// installed by someone else (plain Felix install): keep it and give it its desired state
			if (!kept.fromPluginKit(bundle.getLocation())) {
				kept.keepCopy(bundle);
			}
			if (e != null) {
				reconciler.apply(e, true);
			}
		}
		reconciler.retryUnresolved();
		snapshots.publishSoon();
	}

	@Override
	public void updated(Bundle bundle, boolean own) {
		snapshots.dirty(bundle.getBundleId());
		if (bundle.getState() == Bundle.UNINSTALLED) {
			return;
		}
		PluginEntry e = reconciler.track(bundle);
		if (!own) {
			if (kept.isKept(bundle.getLocation())) {
				kept.keepCopy(bundle);
			}
			if (e != null) {
				e.contentSha = null;
				e.quarantine = null;
				reconciler.apply(e, true);
			}
		}
		snapshots.publishSoon();
	}

	@Override
	public void started(Bundle bundle, boolean foreign) {
		snapshots.dirty(bundle.getBundleId());
		PluginEntry e = index.get(bundle.getBundleId());
		if (e == null) {
			return;
		}
		if (!e.valid()) {
			LOG.warn("plugin bundle {} was started but its metadata is invalid ({}); stopping it", e.bundleId,
				e.metadata.problem());
			actions.stopQuietly(bundle);
		} else if (foreign && bundle.getState() == Bundle.ACTIVE) {
			e.startError = null;
			e.quarantine = null;
			if (DesiredState.isNewDecision(true, e.metadata, decisions.of(e))) {
				decisions.recordQuietly(e, true);
			}
			reconciler.diagnose(e, bundle, true);
		}
		snapshots.publishSoon();
	}

	@Override
	public void stopped(Bundle bundle, boolean foreign, boolean activatorFailed) {
		snapshots.dirty(bundle.getBundleId());
		PluginEntry e = index.get(bundle.getBundleId());
		if (e == null) {
			return;
		}
		if (activatorFailed) {
			e.startError = "the bundle failed to start: its activator threw; see the log";
		} else if (foreign && bundle.getState() == Bundle.RESOLVED
			&& DesiredState.isNewDecision(false, e.metadata, decisions.of(e))) {
			decisions.recordQuietly(e, false);
		}
		snapshots.publishSoon();
	}

	@Override
	public void uninstalled(Bundle bundle, boolean own) {
		snapshots.dirty(bundle.getBundleId());
		PluginEntry e = index.get(bundle.getBundleId());
		if (!own) {
			// plain Felix uninstall: an admin's explicit uninstall
			if (e != null) {
				decisions.forget(e, index);
			}
			kept.forgetQuietly(bundle.getLocation());
		}
		if (e != null) {
			reconciler.removed(e, own ? "uninstalled" : "uninstall");
		}
		snapshots.publishSoon();
	}

	@Override
	public void touched(long bundleId) {
		snapshots.dirty(bundleId);
		snapshots.publishSoon();
	}

	@Override
	public void frameworkStopping() {
		publisher.phase(Phase.STOPPING);
	}

	@Override
	public void servicesChanged(boolean registered, List<String> objectClasses) {
		serviceWatch.changed(objectClasses);
	}
}
