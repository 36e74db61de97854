package io.pluginkit.runtime.internal.registry;

import java.util.ArrayList;
import java.util.Dictionary;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.Supplier;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings plugin bundles to their desired state ({@link DesiredState}) and keeps the registry's
 * entries true to their bundles: reads a bundle's metadata, starts or stops it, looks at its
 * components ({@link ComponentDiagnosis}) and stops a plugin that cannot run, retries plugins
 * whose cause went away (a package or a service came, a name was freed). On the writer thread.
 */
final class Reconciler {

	private static final Logger LOG = LoggerFactory.getLogger(Reconciler.class);

	private final BundleContext context;
	private final PluginIndex index;
	private final BundleActions actions;
	private final ComponentDiagnosis diagnosis;
	private final Decisions decisions;
	private final SnapshotBuilder snapshots;

	Reconciler(BundleContext context, PluginIndex index, BundleActions actions, ComponentDiagnosis diagnosis,
		Decisions decisions, SnapshotBuilder snapshots) {
		this.context = context;
		this.index = index;
		this.actions = actions;
		this.diagnosis = diagnosis;
		this.decisions = decisions;
		this.snapshots = snapshots;
	}

	/** Tracks a plugin bundle (reading its metadata again), or forgets a bundle that is not (any more) one. */
	PluginEntry track(Bundle b) {
		if (b.getBundleId() == 0 || b.getState() == Bundle.UNINSTALLED) {
			return null;
		}
		Dictionary<String, String> headers = b.getHeaders("");
		if (!PluginMetadata.isPlugin(headers)) {
			PluginEntry gone = index.get(b.getBundleId());
			if (gone != null) {
				removed(gone, "no Plugin-Name any more");
			}
			return null;
		}
		PluginMetadata m = PluginMetadata.read(headers, path -> b.getEntry(path) != null, context.getBundle().getVersion());
		if (m.problem() == null) {
			Optional<PluginEntry> owner = index.owner(m.name(), b.getBundleId());
			if (owner.isPresent()) {
				Bundle ob = context.getBundle(owner.get().bundleId);
				m = m.withProblem("Plugin-Name '" + m.name() + "' is already used by bundle " + owner.get().bundleId
					+ (ob == null ? "" : " (" + ob.getLocation() + ")"));
			}
		}
		PluginEntry e = index.get(b.getBundleId());
		if (e == null) {
			e = index.put(new PluginEntry(b.getBundleId(), m));
		} else {
			index.metadata(e, m);
		}
		e.outline = ComponentDiagnosis.outline(b);
		snapshots.dirty(e.bundleId);
		if (m.problem() != null) {
			LOG.error("plugin bundle {} ({}) has invalid metadata: {}", b.getBundleId(), b.getLocation(), m.problem());
		}
		return e;
	}

	/** A plugin went away: forget it, tell the listeners, and let a plugin that wanted its name run. */
	void removed(PluginEntry e, String cause) {
		if (index.remove(e.bundleId) == null && e.shown == null) {
			return;
		}
		snapshots.removed(e, cause);
		for (PluginEntry other : index.named(e.metadata.name())) {
			Bundle b = context.getBundle(other.bundleId);
			if (b != null && !other.valid()) {
				PluginEntry again = track(b);
				if (again != null && again.valid()) {
					apply(again, true);
				}
			}
		}
	}

	/** Starts or stops a plugin bundle to match its desired state, logging why it cannot start; never throws. */
	void apply(PluginEntry e, boolean diagnoseNow) {
		apply(e, diagnoseNow, true);
	}

	/**
	 * Starts or stops a plugin bundle to match its desired state; never throws.
	 *
	 * @param log whether to log a failed start: a command that replies with it does not
	 */
	void apply(PluginEntry e, boolean diagnoseNow, boolean log) {
		snapshots.dirty(e.bundleId);
		Bundle b = context.getBundle(e.bundleId);
		if (b == null || b.getState() == Bundle.UNINSTALLED) {
			return;
		}
		if (DesiredState.shouldRun(e.metadata, decisions.of(e), e.quarantine != null)) {
			start(e, b, diagnoseNow, log);
		} else {
			actions.stopQuietly(b);
			e.waitingFor = Set.of();
			if (e.valid() && e.quarantine == null) {
				e.startError = null;
				if (b.getState() == Bundle.INSTALLED) {
					actions.resolve(List.of(b));
				}
			}
		}
	}

	/**
	 * Before the framework starts the plugins of a kept bundle cache (at restart): marks as stopped those
	 * that must not run, so that none of their code runs, even for a moment.
	 *
	 * @return how many were held back
	 */
	int holdBack() {
		int held = 0;
		for (PluginEntry e : index.all()) {
			Bundle b = context.getBundle(e.bundleId);
			if (b != null && BundleActions.persistentlyStarted(b)
				&& !DesiredState.shouldRun(e.metadata, decisions.of(e), e.quarantine != null)) {
				actions.stopQuietly(b);
				held++;
			}
		}
		return held;
	}

	/**
	 * Starts a valid plugin whatever its decision says (an admin's {@code plugin:enable} starts it
	 * before the decision is saved, so that the route is there at once), then looks at its components.
	 */
	void start(PluginEntry e, Bundle b, boolean diagnoseNow, boolean log) {
		snapshots.dirty(e.bundleId);
		try {
			actions.start(b);
			e.startError = null;
			e.waitingFor = Set.of();
		} catch (PluginException ex) {
			e.startError = ex.getMessage();
			if (log) {
				LOG.error("plugin '{}' cannot start: {}", e.displayName(), ex.getMessage());
			}
			return;
		}
		if (diagnoseNow) {
			diagnose(e, b, log);
		}
	}

	/**
	 * Brings every plugin to its desired state, in install order (the libraries PluginKit installed
	 * are started first), then looks at all their components at once: one may need a service of a
	 * plugin installed after it, and the startup line must count a failing plugin as failed.
	 *
	 * Only plugins whose components may wait (for a service, for configuration) are looked at, and those
	 * that logged a problem while starting ({@code complained}): with neither, SCR has nothing to say.
	 *
	 * @param ours whether a bundle that is not a plugin is a library PluginKit installed
	 * @param complained the bundles that logged a warning or an error since it was last asked
	 */
	void applyAll(Predicate<Bundle> ours, Supplier<Set<Long>> complained) {
		List<Bundle> libraries = new ArrayList<>();
		List<Bundle> all = new ArrayList<>();
		for (Bundle b : context.getBundles()) {
			if (index.contains(b.getBundleId())) {
				all.add(b);
			} else if (b.getBundleId() != 0 && ours.test(b)) {
				libraries.add(b);
			}
		}
		all.addAll(0, libraries);
		actions.resolve(all);
		for (Bundle library : libraries) {
			startLibrary(library);
		}
		for (PluginEntry e : index.all()) {
			apply(e, false);
		}
		Set<Long> problems = complained.get();
		Map<Long, Bundle> running = new LinkedHashMap<>();
		for (PluginEntry e : index.all()) {
			Bundle b = context.getBundle(e.bundleId);
			if (b != null && b.getState() == Bundle.ACTIVE && (e.outline.mayWait() || problems.contains(e.bundleId))) {
				running.put(e.bundleId, b);
			}
		}
		long begin = System.nanoTime();
		Map<Long, ComponentDiagnosis.Verdict> verdicts = diagnosis.diagnoseAll(running.values(),
			iface -> providers(iface, -1));
		LOG.debug("looked at the components of {} plugins in {} ms", running.size(),
			(System.nanoTime() - begin) / 1_000_000);
		verdicts.forEach((id, verdict) -> {
			PluginEntry e = index.get(id);
			if (e != null) {
				judge(e, running.get(id), verdict, true);
			}
		});
	}

	/**
	 * Looks at a running plugin's components; one that cannot run makes the plugin {@code FAILED},
	 * and it is stopped: none of its code runs. It is tried again when a service it waits for comes.
	 */
	void diagnose(PluginEntry e, Bundle b, boolean log) {
		judge(e, b, diagnosis.diagnose(b, iface -> providers(iface, e.bundleId)), log);
	}

	private void judge(PluginEntry e, Bundle b, ComponentDiagnosis.Verdict verdict, boolean log) {
		snapshots.warning(e.bundleId, verdict.warning());
		if (verdict.failure() != null) {
			if (log) {
				LOG.error("plugin '{}' cannot run, so it was stopped: {}", e.displayName(), verdict.failure());
			}
			actions.stopQuietly(b);
			e.startError = verdict.failure();
			e.waitingFor = verdict.waitingFor();
			snapshots.dirty(e.bundleId);
		}
	}

	/** Which installed plugins declare a service interface, e.g. "plugin 'x' provides it (DISABLED)". */
	private List<String> providers(String iface, long except) {
		List<String> hints = new ArrayList<>();
		for (PluginEntry other : index.all()) {
			Bundle b = context.getBundle(other.bundleId);
			if (b != null && other.bundleId != except && ComponentDiagnosis.declares(b, iface)) {
				PluginState state = other.shown == null ? PluginState.INSTALLED : other.shown.state();
				hints.add("plugin '" + other.displayName() + "' provides it (" + state + ")");
			}
		}
		return hints;
	}

	/** A service came or went: look again at running plugins that have references, retry those waiting. */
	void servicesChanged(Set<String> changed) {
		for (PluginEntry e : index.all()) {
			Bundle b = context.getBundle(e.bundleId);
			if (b == null) {
				continue;
			}
			Set<String> references = e.outline.references();
			boolean affected = references == null || !java.util.Collections.disjoint(references, changed);
			if (b.getState() == Bundle.ACTIVE && e.valid() && affected) {
				diagnose(e, b, true);
			} else if (!e.waitingFor.isEmpty() && b.getState() == Bundle.RESOLVED && available(e.waitingFor)) {
				e.startError = null;
				apply(e, true);
			}
		}
	}

	private boolean available(Set<String> interfaces) {
		for (String iface : interfaces) {
			if (context.getServiceReference(iface) == null) {
				return false;
			}
		}
		return true;
	}

	/** A missing package may have come: retry the plugins that did not resolve. */
	void retryUnresolved() {
		List<Bundle> pending = new ArrayList<>();
		for (PluginEntry e : index.all()) {
			Bundle b = context.getBundle(e.bundleId);
			if (b != null && b.getState() == Bundle.INSTALLED && e.valid()) {
				pending.add(b);
			}
		}
		if (pending.isEmpty()) {
			return;
		}
		actions.resolve(pending);
		for (Bundle b : pending) {
			if (b.getState() != Bundle.INSTALLED) {
				apply(index.get(b.getBundleId()), true);
			}
		}
	}

	/** Stops a plugin whose contributions kept failing; it stays off until an admin enables or updates it. */
	void quarantine(PluginEntry e, Bundle b, String reason) {
		e.quarantine = reason;
		LOG.error("plugin '{}' is stopped: {}", e.displayName(), reason);
		actions.stopQuietly(b);
		snapshots.forgetReports(e.bundleId);
	}

	/** Libraries install, resolve and start as in plain Felix; what keeps one from starting is logged. */
	void startLibrary(Bundle bundle) {
		if (bundle.getState() == Bundle.ACTIVE || bundle.getState() == Bundle.UNINSTALLED
			|| bundle.getHeaders("").get(Constants.FRAGMENT_HOST) != null) {
			return;
		}
		try {
			actions.start(bundle);
		} catch (PluginException ex) {
			LOG.error("library {} (bundle {}) cannot start: {}", bundle.getSymbolicName(), bundle.getBundleId(),
				ex.getMessage());
		}
	}
}
