package io.pluginkit.runtime.internal.registry;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.Consumer;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.pluginkit.runtime.internal.log.PlatformLog;
import io.pluginkit.runtime.internal.registry.PluginException.Kind;
import io.pluginkit.runtime.internal.registry.RegistrySnapshot.Phase;
import io.pluginkit.runtime.internal.settings.Configured;
import io.pluginkit.runtime.internal.settings.Settings;
import io.pluginkit.spi.state.ArchiveListener;
import io.pluginkit.spi.state.BundleArchive;
import io.pluginkit.spi.state.DecisionListener;
import io.pluginkit.spi.state.StateStore;

/**
 * Every bundle of the framework seen as a plugin (it has {@code Plugin-Name}) or a library, its
 * state, the reason when it cannot run, and the operations on it: enable, disable, install,
 * update, uninstall. The facade the shell, the folder, the web and the admin API use.
 * <p>
 * One writer thread ({@link RegistryWriter}) makes every change, whoever asks for it or whatever
 * the framework reports ({@link BundleEvents}, {@link BundleEventHandler}); the desired state is
 * applied by the {@link Reconciler}, installs and updates are the {@link PluginInstaller}'s, and
 * after each change the {@link SnapshotBuilder} publishes an immutable {@link RegistrySnapshot}
 * that readers take without locks, and a {@link PluginStateEvent} per plugin that changed.
 * <p>
 * The desired state of a plugin is an admin decision from the {@link StateStore}, else its
 * {@code Plugin-State} header, else enabled ({@link DesiredState}). A decision is forgotten only
 * when an admin uninstalls the plugin.
 */
@Designate(ocd = PluginRegistry.Config.class)
@Component(service = { PluginRegistry.class, PluginProblems.class }, immediate = true,
	configurationPid = "pluginkit.install")
public final class PluginRegistry implements PluginProblems {

	/**
	 * The start level of every bundle PluginKit installs, above the level the framework starts at:
	 * when a restart finds plugins in the kept bundle cache, the framework starts none of them by
	 * itself; the runtime first stops, for good, those that must not run, then raises the framework
	 * to this level ({@code launch.Startup}); a bundle installed by other hands (plain Felix {@code install})
	 * keeps the framework's initial start level.
	 */
	public static final int PLUGIN_START_LEVEL = 10;

	/** What an install may cost, PID {@code pluginkit.install}; each setting falls back to its {@code -D} property. */
	@ObjectClassDefinition(name = "PluginKit installs", description = "Bounds on installing plugin jars.")
	public @interface Config {
		@AttributeDefinition(description = "A jar whose entries expand beyond this many bytes is refused (zip bombs)")
		long pluginkit_jar_max_expanded_bytes() default InstallLimits.DEFAULT_MAX_EXPANDED_BYTES;

		@AttributeDefinition(description = "The largest jar an http(s) install downloads, in bytes")
		long pluginkit_install_max_bytes() default InstallLimits.DEFAULT_MAX_DOWNLOAD_BYTES;

		@AttributeDefinition(description = "How long an http(s) download may take in all, in seconds")
		long pluginkit_install_timeout_seconds() default InstallLimits.DEFAULT_DOWNLOAD_TIMEOUT_SECONDS;
	}

	private static final Logger LOG = LoggerFactory.getLogger(PluginRegistry.class);

	private final BundleContext context;
	private final StateStore store;
	private final ProblemSource folderProblems;
	private final RegistryWriter writer = new RegistryWriter();
	private final PluginIndex index = new PluginIndex();
	private final SnapshotPublisher publisher = new SnapshotPublisher();
	private final BundleActions actions;
	private final KeptBundles kept;
	private final Decisions decisions;
	private final SnapshotBuilder snapshots;
	private final Reconciler reconciler;
	private final PluginInstaller installer;
	private final JarInspector inspector;
	private final BundleEvents events;
	private final ServiceWatch serviceWatch;
	private final ComponentLogWatch componentLog;
	private final BundleArchive archive;
	private final DecisionListener decisionListener = this::decisionsChanged;
	private final ArchiveListener archiveListener = this::bundlesChanged;
	private final Runnable folderProblemsChanged;
	/** The launcher's own bundles, present before PluginKit installed anything: never listed. */
	private final Set<Long> platform = new HashSet<>();

	@Activate
	public PluginRegistry(BundleContext context, @Reference StateStore store, @Reference BundleArchive archive,
		@Reference ServiceComponentRuntime scr, @Reference PlatformLog log, @Reference ProblemSource folderProblems,
		Map<String, Object> configuration) {
		this.context = context;
		this.store = store;
		this.archive = archive;
		this.folderProblems = folderProblems;
		this.actions = new BundleActions(context, writer);
		this.kept = new KeptBundles(archive, Settings.from(context).pluginsDir());
		this.decisions = new Decisions(store);
		this.snapshots = new SnapshotBuilder(context, index, new PluginStateView(actions.wiring()), publisher, writer,
			folderProblems);
		this.reconciler = new Reconciler(context, index, actions, new ComponentDiagnosis(scr), decisions, snapshots);
		this.inspector = new JarInspector(context.getBundle().getVersion(), limits(configuration));
		this.installer = new PluginInstaller(context, writer, index, actions, inspector, kept, decisions, reconciler,
			snapshots, publisher);
		this.serviceWatch = new ServiceWatch(writer, changed -> {
			reconciler.servicesChanged(changed);
			snapshots.publish("services changed");
		});
		this.events = new BundleEvents(actions, writer,
			new BundleEventHandler(index, reconciler, decisions, kept, snapshots, publisher, actions, serviceWatch));
		this.componentLog = new ComponentLogWatch(log, this::componentTrouble);
		this.folderProblemsChanged = snapshots::publishSoon;
		for (Bundle b : context.getBundles()) {
			if (!kept.fromPluginKit(b.getLocation())) {
				platform.add(b.getBundleId());
			}
		}
		context.addBundleListener(events);
		context.addServiceListener(events);
		store.addDecisionListener(decisionListener);
		archive.addArchiveListener(archiveListener);
		folderProblems.addListener(folderProblemsChanged);
		try {
			writer.call(() -> {
				for (Bundle b : context.getBundles()) {
					reconciler.track(b);
				}
				snapshots.publish("startup");
				return null;
			});
		} catch (PluginException e) {
			LOG.error("registry: {}", e.getMessage());
		}
	}

	/** A changed configuration applies to the next install. */
	@Modified
	void modified(Map<String, Object> configuration) {
		inspector.limits(limits(configuration));
	}

	private InstallLimits limits(Map<String, Object> configuration) {
		return InstallLimits.from(key -> Configured.value(configuration, context, key));
	}

	@Deactivate
	void deactivate() {
		publisher.phase(Phase.STOPPING);
		store.removeDecisionListener(decisionListener);
		archive.removeArchiveListener(archiveListener);
		folderProblems.removeListener(folderProblemsChanged);
		context.removeBundleListener(events);
		context.removeServiceListener(events);
		serviceWatch.close();
		componentLog.close();
		writer.shutdown();
		publisher.close();
	}

	// ---------------------------------------------------------------- queries (lock-free)

	/** What the registry shows now; never blocks. */
	public RegistrySnapshot snapshot() {
		return publisher.current();
	}

	/** All plugins, and the jars that could not become one, sorted by name. */
	public List<PluginInfo> plugins() {
		return snapshot().plugins();
	}

	/** A plugin by name or bundle id. */
	public PluginInfo get(String nameOrId) throws PluginException {
		Optional<PluginInfo> p = snapshot().plugin(nameOrId);
		if (p.isPresent()) {
			return p.get();
		}
		return writer.call(() -> index.find(nameOrId, bundleExists(context, nameOrId)).shown);
	}

	/**
	 * What keeps the state store from working now (a cluster store whose database is away), in one line,
	 * or {@code null}: {@code /health} says {@code DEGRADED} and {@code plugin:list} says why meanwhile.
	 */
	public String storeProblem() {
		return store.problem();
	}

	/** Counts of plugins per state. */
	public Map<PluginState, Integer> counts() {
		return snapshot().counts();
	}

	/**
	 * The bundle of an enabled plugin, for the request path: in the snapshot and still active (a
	 * plain Felix {@code stop} is seen at once, before the writer publishes it).
	 */
	public Optional<Bundle> enabledBundle(String name) {
		Bundle b = snapshot().enabledBundles().get(name);
		return b != null && (b.getState() & (Bundle.ACTIVE | Bundle.STARTING)) != 0 ? Optional.of(b) : Optional.empty();
	}

	/** The plugin a bundle belongs to, if it is a plugin. */
	public Optional<String> pluginName(long bundleId) {
		return snapshot().plugin(bundleId).map(PluginInfo::name);
	}

	/** Bundles without {@code Plugin-Name} that PluginKit or an admin installed, by bundle id. */
	public List<LibraryInfo> libraries() {
		Set<Long> plugins = new HashSet<>();
		snapshot().plugins().forEach(p -> plugins.add(p.bundleId()));
		List<LibraryInfo> result = new ArrayList<>();
		for (Bundle b : context.getBundles()) {
			long id = b.getBundleId();
			if (id != 0 && !platform.contains(id) && !plugins.contains(id) && !PluginMetadata.isPlugin(b.getHeaders(""))) {
				result.add(new LibraryInfo(id, b.getSymbolicName(), b.getVersion().toString(), bundleState(b.getState()),
					b.getLocation()));
			}
		}
		return result;
	}

	/**
	 * Calls the listener with every plugin change, in order, on the registry's event thread (never
	 * on the thread that made the change). A listener that throws is logged and kept.
	 */
	public void addListener(Consumer<PluginStateEvent> listener) {
		publisher.addListener(listener);
	}

	public void removeListener(Consumer<PluginStateEvent> listener) {
		publisher.removeListener(listener);
	}

	// ---------------------------------------------------------------- admin operations

	/** Records the admin decision "enabled" and starts the plugin; clears a quarantine. */
	public PluginInfo enable(String nameOrId) throws PluginException {
		return writer.call(() -> {
			PluginEntry e = index.find(nameOrId, bundleExists(context, nameOrId));
			if (!e.valid()) {
				throw new PluginException(Kind.FAILED,
					"plugin '" + e.displayName() + "' cannot be enabled: " + e.metadata.problem());
			}
			decisions.checkStore("enabling plugin '" + e.displayName() + "'");
			Bundle b = bundle(context, e);
			String quarantine = e.quarantine;
			e.quarantine = null;
			e.startError = null;
			// the plugin starts first and the decision is saved before the reply: the route is there as
			// soon as it can be, and a decision that cannot be saved undoes the start
			reconciler.start(e, b, true, false);
			try {
				decisions.record(e, true);
			} catch (PluginException ex) {
				e.quarantine = quarantine;
				reconciler.apply(e, false);
				snapshots.publish("plugin:enable failed");
				throw ex;
			}
			snapshots.publish("plugin:enable");
			PluginInfo info = e.shown;
			if (info.state() == PluginState.FAILED) {
				throw new PluginException(Kind.FAILED,
					"plugin '" + info.name() + "' is enabled but cannot run: " + info.reason());
			}
			return info;
		});
	}

	/** Records the admin decision "disabled" and stops the plugin; when this returns none of its code runs. */
	public PluginInfo disable(String nameOrId) throws PluginException {
		return writer.call(() -> {
			PluginEntry e = index.find(nameOrId, bundleExists(context, nameOrId));
			if (e.valid()) {
				decisions.checkStore("disabling plugin '" + e.displayName() + "'");
			}
			// stopped first, the decision saved before the reply; one that cannot be saved undoes the stop
			actions.stop(bundle(context, e));
			if (e.valid()) {
				try {
					decisions.record(e, false);
				} catch (PluginException ex) {
					reconciler.apply(e, true);
					snapshots.publish("plugin:disable failed");
					throw ex;
				}
			}
			e.startError = null;
			e.waitingFor = Set.of();
			snapshots.dirty(e.bundleId);
			snapshots.publish("plugin:disable");
			return e.shown;
		});
	}

	/**
	 * Installs a plugin from a path or a {@code file:}, {@code http(s):} or {@code mvn:} URL and
	 * enables it unless a decision or its {@code Plugin-State} says otherwise. A copy is kept first
	 * (so it survives a restart): when that fails, nothing is installed.
	 *
	 * @return the plugin, or empty when the jar is a library
	 */
	public Optional<PluginInfo> install(String pathOrUrl) throws PluginException {
		return installer.install(pathOrUrl);
	}

	/**
	 * Updates a plugin in place from a path or URL, or from where it came from; its state is kept.
	 * The new jar is checked first (a sound bundle, valid metadata, the same plugin): when it is not,
	 * the running plugin is left as it is. The update is kept: the copy in the data folder or the
	 * plugin's folder jar is replaced, so a restart does not undo it.
	 */
	public Optional<PluginInfo> update(String nameOrId, String pathOrUrl) throws PluginException {
		PluginInfo target = get(nameOrId);
		String source = pathOrUrl == null || pathOrUrl.isBlank() ? target.location() : PluginSource.location(pathOrUrl);
		return installer.update(nameOrId, source);
	}

	/** The largest jar an install may download, or an admin upload send ({@code pluginkit.install.max.bytes}). */
	public long maxJarBytes() {
		return inspector.maxDownloadBytes();
	}

	/** Uninstalls a plugin, forgets its decision and its kept copy, and deletes its folder jar. */
	public PluginInfo uninstall(String nameOrId) throws PluginException {
		return installer.uninstall(nameOrId);
	}

	// ---------------------------------------------------------------- the hot-deploy folder

	/**
	 * Installs a jar of the hot-deploy folder (the folder itself keeps it). When it cannot, it throws
	 * and changes nothing; the folder shows the reason ({@link ProblemSource}).
	 */
	public Optional<PluginInfo> installFromFolder(Path jar) throws PluginException {
		return installer.installFromFolder(jar);
	}

	/**
	 * Updates the plugin installed from a folder jar; nothing happens when the content is what it runs.
	 * When it cannot, it throws and the plugin keeps running; the folder shows the reason.
	 */
	public Optional<PluginInfo> updateFromFolder(Bundle bundle, Path jar) throws PluginException {
		return installer.updateFromFolder(bundle, jar);
	}

	/** Uninstalls the bundle of a folder jar that was deleted; its decision is kept for when it comes back. */
	public void uninstallFromFolder(Bundle bundle) throws PluginException {
		installer.uninstallFromFolder(bundle);
	}

	/** The jar in the hot-deploy folder a location points to, or {@code null}. */
	public Path folderJar(String location) {
		return kept.folderJar(location);
	}

	/** The place of a folder jar's bundle in the install order, if it was installed before. */
	public OptionalLong installSequence(Path jar) {
		return kept.sequence(jar.toUri().toString());
	}

	/** Bundles installed from the hot-deploy folder, by their jar path. */
	public Map<Path, Bundle> folderBundles() {
		Map<Path, Bundle> result = new LinkedHashMap<>();
		for (Bundle b : context.getBundles()) {
			Path p = kept.folderJar(b.getLocation());
			if (p != null) {
				result.put(p, b);
			}
		}
		return result;
	}

	// ---------------------------------------------------------------- startup

	/** Installs again the bundles kept in the data folder (installed by the shell, the admin API or plain Felix). */
	public void restoreStoredBundles() {
		restoreStoredBundles(Long.MAX_VALUE);
	}

	/**
	 * Installs again the kept bundles that came before {@code sequence} in the install order: the
	 * hot-deploy folder calls it before each of its jars, so that a restart reproduces the order in
	 * which everything was first installed. A kept copy that is missing or damaged is shown as a
	 * {@code FAILED} row saying so.
	 */
	public void restoreStoredBundles(long sequence) {
		try {
			installer.restoreKept(sequence);
		} catch (PluginException e) {
			LOG.error("cannot restore the kept plugins: {}", e.getMessage());
		}
	}

	/**
	 * At startup, before the framework starts the plugins it kept from the last run: those that must not
	 * run (disabled, quarantined, invalid) are marked stopped first, and those installed from the shell
	 * whose kept copy is gone from the data folder are uninstalled (shown {@code FAILED} saying so).
	 */
	public void holdBackUnwanted() {
		try {
			int held = writer.call(() -> {
				installer.dropCachedWithoutKeptCopy();
				installer.updateCachedFromArchive();
				installer.dropCachedNoLongerArchived(platform::contains);
				return reconciler.holdBack();
			});
			if (held > 0) {
				LOG.info("{} kept plugin bundle(s) must not run and stay stopped", held);
			}
		} catch (PluginException e) {
			LOG.error("cannot hold back the plugins that must not run: {}", e.getMessage());
		}
	}

	/**
	 * Marks the start-level raise of startup, during which the framework starts the plugins of the kept
	 * cache that must run: those starts are the registry's own (no admin decision, looked at all at once
	 * by {@link #applyAll()}).
	 */
	public void raisingStartLevel(boolean raising) {
		actions.raisingStartLevel(raising);
	}

	/** Brings every plugin to its desired state, in install order, then publishes them all. */
	public void applyAll() {
		try {
			writer.call(() -> {
				kept.flushInstalls(decisions.writable());
				reconciler.applyAll(b -> kept.fromPluginKit(b.getLocation()), componentLog::takeHeard);
				snapshots.publish("startup");
				return null;
			});
		} catch (PluginException e) {
			LOG.error("cannot apply the plugins' states: {}", e.getMessage());
		}
	}

	/** Every plugin reached its desired state once: {@code /health} may say UP. */
	public void markRunning() {
		if (publisher.phase() == Phase.STARTING) {
			publisher.phase(Phase.RUNNING);
		}
	}

	// ---------------------------------------------------------------- PluginProblems

	@Override
	public void failing(long bundleId, String what, String problem) {
		if (snapshots.failing(bundleId, what, problem)) {
			snapshots.publishSoon();
		}
	}

	@Override
	public void recovered(long bundleId, String what) {
		if (snapshots.recovered(bundleId, what)) {
			snapshots.publishSoon();
		}
	}

	@Override
	public void quarantine(long bundleId, String reason) {
		writer.execute(() -> {
			PluginEntry e = index.get(bundleId);
			Bundle b = context.getBundle(bundleId);
			if (e != null && b != null && e.quarantine == null) {
				reconciler.quarantine(e, b, reason);
				snapshots.publish(reason);
			}
		});
	}

	// ---------------------------------------------------------------- what others tell the registry

	/** SCR logged a problem with a component of this bundle (e.g. its activate threw): look at it. */
	private void componentTrouble(long bundleId) {
		writer.execute(() -> {
			PluginEntry e = index.get(bundleId);
			Bundle b = context.getBundle(bundleId);
			if (e != null && b != null && b.getState() == Bundle.ACTIVE && e.valid()) {
				reconciler.diagnose(e, b, true);
				snapshots.publish("component failure");
			}
		});
	}

	/** Another node changed decisions (a cluster store): apply them here too. */
	private void decisionsChanged(Set<String> plugins) {
		writer.execute(() -> {
			for (PluginEntry e : index.all()) {
				if (plugins.contains(e.metadata.name())) {
					reconciler.apply(e, true);
				}
			}
			snapshots.publish("decision changed elsewhere");
		});
	}

	/** Another node installed, updated or uninstalled bundles (a cluster archive): the same here. */
	private void bundlesChanged(Set<String> locations) {
		writer.execute(() -> {
			installer.archiveChanged(locations);
			snapshots.publish("bundles changed elsewhere");
		});
	}

	// ---------------------------------------------------------------- shared helpers

	/** Whether a user's argument is the id of an installed bundle. */
	static boolean bundleExists(BundleContext context, String nameOrId) {
		String key = nameOrId == null ? "" : nameOrId.trim();
		return key.matches("\\d{1,18}") && context.getBundle(Long.parseLong(key)) != null;
	}

	/** The bundle of an entry, which may have just gone. */
	static Bundle bundle(BundleContext context, PluginEntry e) throws PluginException {
		Bundle b = context.getBundle(e.bundleId);
		if (b == null) {
			throw new PluginException(Kind.NOT_FOUND, "plugin '" + e.displayName() + "' was just uninstalled");
		}
		return b;
	}

	static String bundleState(int state) {
		return switch (state) {
			case Bundle.INSTALLED -> "INSTALLED";
			case Bundle.RESOLVED -> "RESOLVED";
			case Bundle.STARTING -> "STARTING";
			case Bundle.STOPPING -> "STOPPING";
			case Bundle.ACTIVE -> "ACTIVE";
			default -> "UNINSTALLED";
		};
	}
}
