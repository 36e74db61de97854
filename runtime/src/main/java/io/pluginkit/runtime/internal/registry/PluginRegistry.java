package io.pluginkit.runtime.internal.registry;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.log.LogReaderService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.pluginkit.runtime.internal.registry.PluginException.Kind;
import io.pluginkit.runtime.internal.registry.PluginInstaller.Candidate;
import io.pluginkit.runtime.internal.registry.RegistrySnapshot.Phase;
import io.pluginkit.runtime.internal.settings.Settings;
import io.pluginkit.spi.state.ArchivedBundle;
import io.pluginkit.spi.state.BundleArchive;
import io.pluginkit.spi.state.StateStore;

/**
 * Every bundle of the framework seen as a plugin (it has {@code Plugin-Name}) or a library, its
 * state, the reason when it cannot run, and the operations on it: enable, disable, install,
 * update, uninstall.
 * <p>
 * One writer thread ({@link RegistryWriter}) makes every change, whoever asks for it (the
 * shell, the folder, the admin API) or whatever the framework reports ({@link BundleEvents});
 * after each it publishes an immutable {@link RegistrySnapshot} that readers take without locks,
 * and a {@link PluginStateEvent} per plugin that changed, to listeners, in order.
 * <p>
 * The desired state of a plugin is an admin decision from the {@link StateStore}, else its
 * {@code Plugin-State} header, else enabled ({@link DesiredState}). A plain Felix {@code start}
 * or {@code stop} that goes against it is an admin decision; stopping the framework, an update
 * or a refresh never is. A decision is forgotten only when an admin uninstalls the plugin.
 */
@Component(service = { PluginRegistry.class, PluginProblems.class }, immediate = true)
public final class PluginRegistry implements PluginProblems, BundleEvents.Handler {

	private static final Logger LOG = LoggerFactory.getLogger(PluginRegistry.class);

	private final BundleContext context;
	private final StateStore store;
	private final BundleArchive archive;
	private final Settings settings;
	private final RegistryWriter writer = new RegistryWriter();
	private final BundleActions actions;
	private final BundleEvents events;
	private final PluginIndex index = new PluginIndex();
	private final PluginStateView view;
	private final ComponentDiagnosis diagnosis;
	private final PluginInstaller installer;
	private final SnapshotPublisher publisher;
	private final Set<Long> platform = new HashSet<>();
	/** Folder jars and kept copies that could not become a plugin, by location: rows of their own. */
	private final Map<String, PluginInfo> fileProblems = new ConcurrentHashMap<>();
	/** Problems reported by running contributions, by bundle, then by contribution. */
	private final Map<Long, Map<String, String>> reported = new ConcurrentHashMap<>();
	/** Folder jars installed during startup, given their place in the install order in one write. */
	private final List<String> pendingInstalls = new ArrayList<>();
	private final Map<Long, String> warnings = new ConcurrentHashMap<>();
	/** Plugins whose view must be computed again at the next publish; the others are shown as they were. */
	private final Set<Long> dirty = ConcurrentHashMap.newKeySet();
	private final ServiceWatch serviceWatch;
	private final ComponentLogWatch componentLog;
	private volatile ArchiveIndex archiveIndex;
	/** What in the hot-deploy folder cannot become a plugin: rows of their own, kept by the folder. */
	private final ProblemSource folderProblems;
	private final Runnable folderProblemsChanged = this::publishSoon;

	@Activate
	public PluginRegistry(BundleContext context, @Reference StateStore store, @Reference BundleArchive archive,
		@Reference ServiceComponentRuntime scr, @Reference LogReaderService log,
		@Reference ProblemSource folderProblems) {
		this.context = context;
		this.folderProblems = folderProblems;
		this.store = store;
		this.archive = archive;
		this.settings = Settings.from(context);
		this.actions = new BundleActions(context, writer);
		this.view = new PluginStateView(actions.wiring());
		this.diagnosis = new ComponentDiagnosis(scr);
		this.installer = new PluginInstaller(context.getBundle().getVersion());
		this.publisher = new SnapshotPublisher();
		this.events = new BundleEvents(actions, writer, this);
		this.serviceWatch = new ServiceWatch(writer, this::rediagnose);
		this.componentLog = new ComponentLogWatch(log, this::componentTrouble);
		for (Bundle b : context.getBundles()) {
			if (!fromPluginKit(b.getLocation())) {
				platform.add(b.getBundleId());
			}
		}
		context.addBundleListener(events);
		context.addServiceListener(events);
		store.addDecisionListener(this::decisionsChanged);
		folderProblems.addListener(folderProblemsChanged);
		try {
			writer.call(() -> {
				for (Bundle b : context.getBundles()) {
					track(b);
				}
				publish("startup");
				return null;
			});
		} catch (PluginException e) {
			LOG.error("registry: {}", e.getMessage());
		}
	}

	@Deactivate
	void deactivate() {
		publisher.phase(Phase.STOPPING);
		store.removeDecisionListener(this::decisionsChanged);
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
		return writer.call(() -> index.find(nameOrId, bundleExists(nameOrId)).shown);
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
	 * Calls the listener with every plugin change, in order, on the registry's event thread
	 * (never on the thread that made the change). A listener that throws is logged and kept.
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
			PluginEntry e = index.find(nameOrId, bundleExists(nameOrId));
			if (!e.valid()) {
				throw new PluginException(Kind.FAILED,
					"plugin '" + e.displayName() + "' cannot be enabled: " + e.metadata.problem());
			}
			decide(e, true);
			e.quarantine = null;
			e.startError = null;
			apply(e, true, false);
			publish("plugin:enable");
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
			PluginEntry e = index.find(nameOrId, bundleExists(nameOrId));
			if (e.valid()) {
				decide(e, false);
			}
			Bundle b = bundle(e);
			actions.stop(b);
			e.startError = null;
			e.waitingFor = Set.of();
			dirty.add(e.bundleId);
			publish("plugin:disable");
			return e.shown;
		});
	}

	/**
	 * Installs a plugin from a path or URL and enables it unless a decision or its
	 * {@code Plugin-State} says otherwise. A copy is kept first (so it survives a restart): when
	 * that fails, nothing is installed.
	 */
	public Optional<PluginInfo> install(String pathOrUrl) throws PluginException {
		String location = PluginSource.location(pathOrUrl);
		Path copy = installer.download(location);
		try {
			Candidate c = installer.inspect(copy, PluginSource.fileName(location));
			return writer.call(() -> {
				Bundle existing = context.getBundle(location);
				if (existing != null) {
					throw new PluginException(Kind.CONFLICT, "'" + location + "' is already installed as bundle "
						+ existing.getBundleId() + "; use plugin:update " + existing.getBundleId());
				}
				checkNameFree(c, -1);
				try (InputStream in = Files.newInputStream(copy)) {
					archive.keep(location, in);
				} catch (IOException ex) {
					throw new PluginException(Kind.FAILED, "cannot keep a copy of " + location + " in the data folder ("
						+ ex.getMessage() + "); nothing was installed", ex);
				}
				Bundle bundle;
				try (InputStream in = Files.newInputStream(copy)) {
					bundle = actions.install(location, in, "cannot install " + location);
				} catch (IOException | PluginException ex) {
					forgetQuietly(location);
					throw ex instanceof PluginException pe ? pe
						: new PluginException(Kind.FAILED, "cannot install " + location + ": " + ex.getMessage(), ex);
				}
				clearFileProblem(location); // a kept copy that was missing or damaged is replaced
				return installed(bundle, c, "plugin:install");
			});
		} finally {
			PluginInstaller.deleteQuietly(copy);
		}
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
		Path copy = installer.download(source);
		try {
			Candidate c = installer.inspect(copy, PluginSource.fileName(source));
			return writer.call(() -> {
				PluginEntry e = index.find(nameOrId, bundleExists(nameOrId));
				Bundle bundle = bundle(e);
				checkUpdate(e, c);
				String location = bundle.getLocation();
				Path folderJar = folderJar(location);
				if (folderJar != null && !folderJar.equals(fileOf(source))) {
					replaceFolderJar(folderJar, copy, e);
				}
				if (isKept(location)) {
					try (InputStream in = Files.newInputStream(copy)) {
						archive.keep(location, in);
					} catch (IOException ex) {
						throw new PluginException(Kind.FAILED, "cannot keep the new copy of plugin '" + e.displayName()
							+ "' in the data folder (" + ex.getMessage() + "); it was not updated", ex);
					}
				}
				return updated(e, bundle, c, "plugin:update");
			});
		} finally {
			PluginInstaller.deleteQuietly(copy);
		}
	}

	/** Uninstalls a plugin, forgets its decision and its kept copy, and deletes its folder jar. */
	public PluginInfo uninstall(String nameOrId) throws PluginException {
		return writer.call(() -> {
			PluginEntry e = index.find(nameOrId, bundleExists(nameOrId));
			Bundle bundle = bundle(e);
			PluginInfo last = e.shown;
			String location = bundle.getLocation();
			Path folderJar = folderJar(location);
			if (folderJar != null) {
				try {
					Files.deleteIfExists(folderJar);
				} catch (IOException ex) {
					throw new PluginException(Kind.FAILED, "cannot delete " + folderJar.getFileName()
						+ " from the plugins folder (" + ex.getMessage() + "); plugin '" + e.displayName()
						+ "' was not uninstalled", ex);
				}
			}
			if (e.valid() && index.named(e.metadata.name()).size() == 1) {
				try {
					store.forgetDecision(e.metadata.name());
				} catch (IOException ex) {
					LOG.error("plugin '{}': its decision cannot be forgotten: {}", e.displayName(), ex.getMessage());
				}
			}
			actions.uninstall(bundle, "cannot uninstall plugin '" + e.displayName() + "'");
			forgetQuietly(location);
			removed(e, "plugin:uninstall");
			publish("plugin:uninstall");
			return last;
		});
	}

	// ---------------------------------------------------------------- the hot-deploy folder

	/**
	 * Installs a jar of the hot-deploy folder (the folder itself keeps it). When it cannot, it throws
	 * and changes nothing; the folder shows the reason ({@link ProblemSource}).
	 */
	public Optional<PluginInfo> installFromFolder(Path jar) throws PluginException {
		String location = jar.toUri().toString();
		String file = jar.getFileName().toString();
		Candidate c = installer.inspect(jar, file);
		return writer.call(() -> {
			checkNameFree(c, -1);
			Bundle bundle;
			try (InputStream in = Files.newInputStream(jar)) {
				bundle = actions.install(location, in, file + " cannot be installed");
			} catch (IOException ex) {
				throw new PluginException(Kind.BAD_INPUT, file + " cannot be read: " + ex.getMessage(), ex);
			}
			pendingInstalls.add(location);
			if (publisher.phase() != Phase.STARTING) {
				flushInstalls();
			}
			return installed(bundle, c, "hot-deploy");
		});
	}

	/**
	 * Updates the plugin installed from a folder jar; nothing happens when the content is what it runs.
	 * When it cannot, it throws and the plugin keeps running; the folder shows the reason.
	 */
	public Optional<PluginInfo> updateFromFolder(Bundle bundle, Path jar) throws PluginException {
		String file = jar.getFileName().toString();
		Candidate c = installer.inspect(jar, file);
		return writer.call(() -> {
			PluginEntry e = index.get(bundle.getBundleId());
			if (e == null) {
				checkNameFree(c, bundle.getBundleId());
				try (InputStream in = Files.newInputStream(jar)) {
					actions.update(bundle, in);
				} catch (IOException ex) {
					throw new PluginException(Kind.BAD_INPUT, file + " cannot be read: " + ex.getMessage(), ex);
				}
				return installed(bundle, c, "hot-deploy");
			}
			if (c.sha256().equals(e.contentSha)) {
				return Optional.ofNullable(e.shown);
			}
			if (c.metadata() != null && c.metadata().problem() != null) {
				throw new PluginException(Kind.BAD_INPUT, file + " was not used to update plugin '" + e.displayName()
					+ "', which keeps running: " + c.metadata().problem());
			}
			checkNameFree(c, bundle.getBundleId());
			return updated(e, bundle, c, "hot-deploy");
		});
	}

	/** Uninstalls the bundle of a folder jar that was deleted; its decision is kept for when it comes back. */
	public void uninstallFromFolder(Bundle bundle) throws PluginException {
		writer.call(() -> {
			PluginEntry e = index.get(bundle.getBundleId());
			if (bundle.getState() != Bundle.UNINSTALLED) {
				actions.uninstall(bundle, "cannot uninstall bundle " + bundle.getBundleId());
			}
			forgetQuietly(bundle.getLocation());
			if (e != null) {
				removed(e, "hot-deploy");
			}
			publish("hot-deploy");
			return null;
		});
	}

	/** Forgets the problem reported for a kept copy. */
	private void clearFileProblem(String location) {
		if (fileProblems.remove(location) != null) {
			publishSoon();
		}
	}

	/** Reports a kept copy that cannot become a plugin again: a row of its own in the list, logged once. */
	private void reportFileProblem(String file, String location, String reason) {
		PluginInfo old = fileProblems.put(location, PluginStateView.problemRow(file, location, reason, Instant.now()));
		if (old == null || !old.reason().equals(reason)) {
			LOG.error("hot-deploy: {}", reason);
		}
		publishSoon();
	}

	/** The jar in the hot-deploy folder a location points to, or {@code null}. */
	public Path folderJar(String location) {
		if (location == null || !location.startsWith("file:")) {
			return null;
		}
		try {
			Path p = Paths.get(java.net.URI.create(location)).toAbsolutePath().normalize();
			return p.startsWith(settings.pluginsDir()) ? p : null;
		} catch (IllegalArgumentException | java.nio.file.FileSystemNotFoundException e) {
			return null;
		}
	}

	/** The place of a folder jar's bundle in the install order, if it was installed before. */
	public OptionalLong installSequence(Path jar) {
		ArchivedBundle b = archived().get(jar.toUri().toString());
		return b == null ? OptionalLong.empty() : OptionalLong.of(b.sequence());
	}

	/** The archive's bundles by location, indexed again only when the archive's list changed. */
	private Map<String, ArchivedBundle> archived() {
		List<ArchivedBundle> now = archive.bundles();
		ArchiveIndex index = archiveIndex;
		if (index == null || index.list() != now) {
			Map<String, ArchivedBundle> byLocation = new java.util.HashMap<>();
			now.forEach(b -> byLocation.put(b.location(), b));
			index = new ArchiveIndex(now, byLocation);
			archiveIndex = index;
		}
		return index.byLocation();
	}

	private record ArchiveIndex(List<ArchivedBundle> list, Map<String, ArchivedBundle> byLocation) {
	}

	/** Bundles installed from the hot-deploy folder, by their jar path. */
	public Map<Path, Bundle> folderBundles() {
		Map<Path, Bundle> result = new LinkedHashMap<>();
		for (Bundle b : context.getBundles()) {
			Path p = folderJar(b.getLocation());
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
		boolean due = archive.bundles()
			.stream()
			.takeWhile(kept -> kept.sequence() < sequence)
			.anyMatch(kept -> kept.kept() && context.getBundle(kept.location()) == null);
		if (!due) {
			return; // the folder calls this before each of its jars: most of the time there is nothing to do
		}
		try {
			writer.call(() -> {
				for (ArchivedBundle kept : archive.bundles()) {
					if (kept.sequence() >= sequence) {
						break;
					}
					if (!kept.kept() || context.getBundle(kept.location()) != null) {
						continue;
					}
					restore(kept.location());
				}
				return null;
			});
		} catch (PluginException e) {
			LOG.error("cannot restore the kept plugins: {}", e.getMessage());
		}
	}

	private void restore(String location) {
		String file = PluginSource.fileName(location);
		try (InputStream in = archive.open(location)) {
			Bundle b = actions.install(location, in, "the kept copy of " + file + " cannot be installed");
			track(b);
		} catch (java.nio.file.NoSuchFileException e) {
			reportFileProblem(file, location, "the kept copy of " + location + " is missing from the data folder ("
				+ e.getMessage() + "); install it again with plugin:install");
		} catch (IOException e) {
			reportFileProblem(file, location, "the kept copy of " + location + " cannot be read (" + e.getMessage()
				+ "); install it again with plugin:install");
		} catch (PluginException e) {
			reportFileProblem(file, location, e.getMessage() + "; install it again with plugin:install");
		}
	}

	/**
	 * Brings every plugin to its desired state, in install order, then looks at their components
	 * once all are up (a plugin may need a service of one installed after it).
	 */
	public void applyAll() {
		try {
			writer.call(() -> {
				flushInstalls();
				List<Bundle> libraries = new ArrayList<>();
				List<Bundle> plugins = new ArrayList<>();
				for (Bundle b : context.getBundles()) {
					if (index.contains(b.getBundleId())) {
						plugins.add(b);
					} else if (fromPluginKit(b.getLocation()) && b.getBundleId() != 0) {
						libraries.add(b);
					}
				}
				List<Bundle> all = new ArrayList<>(libraries);
				all.addAll(plugins);
				actions.resolve(all);
				for (Bundle library : libraries) {
					startLibrary(library);
				}
				for (PluginEntry e : index.all()) {
					apply(e, false);
				}
				// components are looked at once all are up (one may need another plugin's service), in one
				// scan of SCR's components, so that the startup line counts a failing plugin as failed
				Map<Long, Bundle> running = new java.util.LinkedHashMap<>();
				for (PluginEntry e : index.all()) {
					Bundle b = context.getBundle(e.bundleId);
					if (b != null && b.getState() == Bundle.ACTIVE) {
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
				publish("startup");
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
		String old = reported.computeIfAbsent(bundleId, k -> new ConcurrentHashMap<>()).put(what, problem);
		if (!problem.equals(old)) {
			dirty.add(bundleId);
			publishSoon();
		}
	}

	@Override
	public void recovered(long bundleId, String what) {
		Map<String, String> problems = reported.get(bundleId);
		if (problems != null && problems.remove(what) != null) {
			dirty.add(bundleId);
			publishSoon();
		}
	}

	@Override
	public void quarantine(long bundleId, String reason) {
		writer.execute(() -> {
			PluginEntry e = index.get(bundleId);
			Bundle b = context.getBundle(bundleId);
			if (e == null || b == null || e.quarantine != null) {
				return;
			}
			e.quarantine = reason;
			dirty.add(bundleId);
			LOG.error("plugin '{}' is stopped: {}", e.displayName(), reason);
			actions.stopQuietly(b);
			reported.remove(bundleId);
			publish(reason);
		});
	}

	// ---------------------------------------------------------------- bundle events (on the writer)

	@Override
	public void installed(Bundle bundle, boolean own) {
		if (bundle.getState() == Bundle.UNINSTALLED) {
			return;
		}
		dirty.add(bundle.getBundleId());
		if (own && publisher.phase() == Phase.STARTING) {
			return; // startup installs everything first, then applies and publishes once (applyAll)
		}
		PluginEntry e = index.contains(bundle.getBundleId()) ? index.get(bundle.getBundleId()) : track(bundle);
		if (!own) {
			// installed by someone else (plain Felix install): keep it and give it its desired state
			if (!fromPluginKit(bundle.getLocation())) {
				keepCopy(bundle);
			}
			if (e != null) {
				apply(e, true);
			}
		}
		retryUnresolved();
		publishSoon();
	}

	@Override
	public void updated(Bundle bundle, boolean own) {
		dirty.add(bundle.getBundleId());
		if (bundle.getState() == Bundle.UNINSTALLED) {
			return;
		}
		PluginEntry e = track(bundle);
		if (!own) {
			if (isKept(bundle.getLocation())) {
				keepCopy(bundle);
			}
			if (e != null) {
				e.contentSha = null;
				e.quarantine = null;
				apply(e, true);
			}
		}
		publishSoon();
	}

	@Override
	public void started(Bundle bundle, boolean foreign) {
		dirty.add(bundle.getBundleId());
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
			if (DesiredState.isNewDecision(true, e.metadata, decision(e))) {
				decideQuietly(e, true);
			}
			diagnose(e, bundle);
		}
		publishSoon();
	}

	@Override
	public void stopped(Bundle bundle, boolean foreign, boolean activatorFailed) {
		dirty.add(bundle.getBundleId());
		PluginEntry e = index.get(bundle.getBundleId());
		if (e == null) {
			return;
		}
		if (activatorFailed) {
			e.startError = "the bundle failed to start: its activator threw; see the log";
		} else if (foreign && bundle.getState() == Bundle.RESOLVED
			&& DesiredState.isNewDecision(false, e.metadata, decision(e))) {
			decideQuietly(e, false);
		}
		publishSoon();
	}

	@Override
	public void uninstalled(Bundle bundle, boolean own) {
		dirty.add(bundle.getBundleId());
		PluginEntry e = index.get(bundle.getBundleId());
		if (!own) {
			// plain Felix uninstall: an admin's explicit uninstall
			if (e != null && e.valid() && index.named(e.metadata.name()).size() == 1) {
				try {
					store.forgetDecision(e.metadata.name());
				} catch (IOException ex) {
					LOG.error("plugin '{}': its decision cannot be forgotten: {}", e.displayName(), ex.getMessage());
				}
			}
			forgetQuietly(bundle.getLocation());
		}
		if (e != null) {
			removed(e, own ? "uninstalled" : "uninstall");
		}
		publishSoon();
	}

	@Override
	public void touched(long bundleId) {
		dirty.add(bundleId);
		publishSoon();
	}

	@Override
	public void frameworkStopping() {
		publisher.phase(Phase.STOPPING);
	}

	@Override
	public void servicesChanged(boolean registered, List<String> objectClasses) {
		serviceWatch.changed();
	}

	/** SCR logged a problem with a component of this bundle (e.g. its activate threw): look at it. */
	void componentTrouble(long bundleId) {
		writer.execute(() -> {
			PluginEntry e = index.get(bundleId);
			Bundle b = context.getBundle(bundleId);
			if (e != null && b != null && b.getState() == Bundle.ACTIVE && e.valid()) {
				diagnose(e, b);
				publish("component failure");
			}
		});
	}

	private void decisionsChanged(Set<String> plugins) {
		writer.execute(() -> {
			for (PluginEntry e : index.all()) {
				if (plugins.contains(e.metadata.name())) {
					apply(e, true);
				}
			}
			publish("decision changed elsewhere");
		});
	}

	// ---------------------------------------------------------------- internals (writer thread)

	/** Starts the bundle tracking of a plugin, or forgets a bundle that is not (any more) one. */
	private PluginEntry track(Bundle b) {
		if (b.getBundleId() == 0 || b.getState() == Bundle.UNINSTALLED) {
			return null;
		}
		java.util.Dictionary<String, String> headers = b.getHeaders("");
		if (!PluginMetadata.isPlugin(headers)) {
			PluginEntry gone = index.remove(b.getBundleId());
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
		e.hasReferences = ComponentDiagnosis.hasReferences(b);
		dirty.add(e.bundleId);
		if (m.problem() != null) {
			LOG.error("plugin bundle {} ({}) has invalid metadata: {}", b.getBundleId(), b.getLocation(), m.problem());
		}
		return e;
	}

	/** Starts or stops a plugin bundle to match its desired state, logging why it cannot start; never throws. */
	private void apply(PluginEntry e, boolean diagnoseNow) {
		apply(e, diagnoseNow, true);
	}

	/**
	 * Starts or stops a plugin bundle to match its desired state; never throws.
	 *
	 * @param log whether to log a failed start: a command that replies with it does not
	 */
	private void apply(PluginEntry e, boolean diagnoseNow, boolean log) {
		dirty.add(e.bundleId);
		Bundle b = context.getBundle(e.bundleId);
		if (b == null || b.getState() == Bundle.UNINSTALLED) {
			return;
		}
		if (!DesiredState.shouldRun(e.metadata, decision(e), e.quarantine != null)) {
			actions.stopQuietly(b);
			e.waitingFor = Set.of();
			if (e.valid() && e.quarantine == null) {
				e.startError = null;
				if (b.getState() == Bundle.INSTALLED) {
					actions.resolve(List.of(b));
				}
			}
			return;
		}
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
	 * Looks at a running plugin's components; one that cannot run makes the plugin {@code FAILED},
	 * and it is stopped: none of its code runs. It is tried again when a service it waits for comes.
	 */
	private void diagnose(PluginEntry e, Bundle b) {
		diagnose(e, b, true);
	}

	private void diagnose(PluginEntry e, Bundle b, boolean log) {
		judge(e, b, diagnosis.diagnose(b, iface -> providers(iface, e.bundleId)), log);
	}

	private void judge(PluginEntry e, Bundle b, ComponentDiagnosis.Verdict verdict, boolean log) {
		if (verdict.failure() != null || verdict.warning() != null || warnings.containsKey(e.bundleId)) {
			dirty.add(e.bundleId);
		}
		if (verdict.warning() != null) {
			warnings.put(e.bundleId, verdict.warning());
		} else {
			warnings.remove(e.bundleId);
		}
		if (verdict.failure() != null) {
			if (log) {
				LOG.error("plugin '{}' cannot run, so it was stopped: {}", e.displayName(), verdict.failure());
			}
			actions.stopQuietly(b);
			e.startError = verdict.failure();
			e.waitingFor = verdict.waitingFor();
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

	/** A service came or went: re-check running plugins, and retry those waiting for a service. */
	private void rediagnose() {
		for (PluginEntry e : index.all()) {
			Bundle b = context.getBundle(e.bundleId);
			if (b == null) {
				continue;
			}
			if (b.getState() == Bundle.ACTIVE && e.valid() && e.hasReferences) {
				diagnose(e, b);
			} else if (!e.waitingFor.isEmpty() && b.getState() == Bundle.RESOLVED && available(e.waitingFor)) {
				e.startError = null;
				apply(e, true);
			}
		}
		publish("services changed");
	}

	private boolean available(Set<String> interfaces) {
		for (String iface : interfaces) {
			if (context.getServiceReference(iface) == null) {
				return false;
			}
		}
		return true;
	}

	/** A missing package may have come: retry plugins that did not resolve. */
	private void retryUnresolved() {
		if (publisher.phase() == Phase.STARTING) {
			return; // applyAll resolves everything at once
		}
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

	private Optional<PluginInfo> installed(Bundle bundle, Candidate c, String cause) throws PluginException {
		PluginEntry e = track(bundle);
		if (e == null) {
			startLibrary(bundle);
			publish(cause);
			return Optional.empty();
		}
		e.contentSha = c.sha256();
		if (publisher.phase() == Phase.STARTING) {
			// applied and published with all the others by applyAll
			return Optional.of(view.view(e, bundle, Map.of(), null));
		}
		apply(e, true);
		publish(cause);
		return Optional.ofNullable(e.shown);
	}

	private Optional<PluginInfo> updated(PluginEntry e, Bundle bundle, Candidate c, String cause)
		throws PluginException {
		try (InputStream in = Files.newInputStream(c.jar())) {
			actions.update(bundle, in);
		} catch (IOException ex) {
			throw new PluginException(Kind.BAD_INPUT, c.what() + " cannot be read: " + ex.getMessage(), ex);
		}
		e.quarantine = null;
		e.startError = null;
		reported.remove(e.bundleId);
		PluginEntry now = track(bundle);
		if (now == null) {
			publish(cause);
			return Optional.empty();
		}
		now.contentSha = c.sha256();
		apply(now, true);
		publish(cause);
		return Optional.ofNullable(now.shown);
	}

	/** The new jar must be a sound version of the same plugin: checked before the running one is touched. */
	private void checkUpdate(PluginEntry e, Candidate c) throws PluginException {
		if (c.metadata() == null) {
			throw new PluginException(Kind.BAD_INPUT, c.what() + " has no Plugin-Name: it is not a version of plugin '"
				+ e.displayName() + "', which was not updated");
		}
		if (c.metadata().problem() != null) {
			throw new PluginException(Kind.BAD_INPUT, c.what() + " cannot update plugin '" + e.displayName()
				+ "', which keeps running: " + c.metadata().problem());
		}
		if (e.valid() && !c.metadata().name().equals(e.metadata.name())) {
			throw new PluginException(Kind.CONFLICT, c.what() + " is plugin '" + c.metadata().name() + "', not '"
				+ e.metadata.name() + "'; plugin '" + e.metadata.name() + "' was not updated (install it with plugin:install)");
		}
		checkNameFree(c, e.bundleId);
	}

	/** Replaces a folder plugin's jar with the new content in one step, so a restart keeps the update. */
	private void replaceFolderJar(Path folderJar, Path content, PluginEntry e) throws PluginException {
		Path tmp = null;
		try {
			tmp = Files.createTempFile(folderJar.getParent(), ".update-", ".tmp");
			Files.copy(content, tmp, StandardCopyOption.REPLACE_EXISTING);
			Files.move(tmp, folderJar, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
		} catch (IOException ex) {
			throw new PluginException(Kind.FAILED, "cannot replace " + folderJar.getFileName()
				+ " in the plugins folder (" + ex.getMessage() + "); plugin '" + e.displayName() + "' was not updated", ex);
		} finally {
			if (tmp != null) {
				PluginInstaller.deleteQuietly(tmp);
			}
		}
	}

	private void removed(PluginEntry e, String cause) {
		if (index.remove(e.bundleId) == null && e.shown == null) {
			return;
		}
		reported.remove(e.bundleId);
		warnings.remove(e.bundleId);
		PluginInfo last = e.shown;
		if (last != null) {
			publisher.emit(last, withState(last, PluginState.UNINSTALLED), cause);
		}
		e.shown = null;
		// a duplicate of its name may run now
		String name = e.metadata.name();
		for (PluginEntry other : index.named(name)) {
			Bundle b = context.getBundle(other.bundleId);
			if (b != null && !other.valid()) {
				PluginEntry again = track(b);
				if (again != null && again.valid()) {
					apply(again, true);
				}
			}
		}
	}

	private static PluginInfo withState(PluginInfo p, PluginState state) {
		return new PluginInfo(p.name(), p.version(), p.author(), p.description(), p.url(), p.license(), p.licenseFile(),
			p.readmeFile(), p.enabledByDefault(), p.requires(), state, null, p.bundleId(), p.symbolicName(), p.location(),
			Instant.now());
	}

	/** Libraries install, resolve and start as in plain Felix; what keeps one from starting is reported. */
	private void startLibrary(Bundle bundle) {
		if (bundle.getState() == Bundle.ACTIVE || bundle.getState() == Bundle.UNINSTALLED
			|| bundle.getHeaders("").get(org.osgi.framework.Constants.FRAGMENT_HOST) != null) {
			return;
		}
		try {
			actions.start(bundle);
		} catch (PluginException ex) {
			LOG.error("library {} (bundle {}) cannot start: {}", bundle.getSymbolicName(), bundle.getBundleId(),
				ex.getMessage());
		}
	}

	private void checkNameFree(Candidate c, long exceptBundle) throws PluginException {
		Optional<PluginEntry> owner = index.owner(c.pluginName(), exceptBundle);
		if (owner.isPresent()) {
			Bundle b = context.getBundle(owner.get().bundleId);
			throw new PluginException(Kind.CONFLICT, "Plugin-Name '" + c.pluginName() + "' is already used by bundle "
				+ owner.get().bundleId + (b == null ? "" : " (" + b.getLocation() + ")")
				+ "; update that plugin instead or rename this one");
		}
	}

	private Boolean decision(PluginEntry e) {
		return e.metadata.name() == null ? null : store.decisions().get(e.metadata.name());
	}

	/** Records an admin decision; when it cannot be saved nothing changes and the command says why. */
	private void decide(PluginEntry e, boolean enabled) throws PluginException {
		try {
			store.recordDecision(e.metadata.name(), enabled);
		} catch (IOException ex) {
			throw new PluginException(Kind.FAILED, "plugin '" + e.displayName() + "' was not "
				+ (enabled ? "enabled" : "disabled") + ": the decision cannot be saved (" + ex.getMessage() + ")", ex);
		}
	}

	private void decideQuietly(PluginEntry e, boolean enabled) {
		try {
			store.recordDecision(e.metadata.name(), enabled);
		} catch (IOException ex) {
			LOG.error("plugin '{}' was {} with a plain Felix command, but that cannot be saved: {}", e.displayName(),
				enabled ? "started" : "stopped", ex.getMessage());
		}
	}

	private void flushInstalls() {
		if (pendingInstalls.isEmpty()) {
			return;
		}
		try {
			archive.recordInstalls(List.copyOf(pendingInstalls));
		} catch (IOException ex) {
			if (store.writable()) {
				LOG.error("the install order of {} folder plugins cannot be saved: {}", pendingInstalls.size(),
					ex.getMessage());
			} else {
				LOG.debug("the install order is not saved (the data folder cannot be written): {}", ex.getMessage());
			}
		}
		pendingInstalls.clear();
	}

	/** Keeps a copy of a bundle installed by a plain Felix command, read again from its location. */
	private void keepCopy(Bundle bundle) {
		String location = bundle.getLocation();
		try (InputStream in = PluginSource.open(location.startsWith("reference:") ? location.substring(10) : location)) {
			archive.keep(location, in);
		} catch (PluginException | IOException e) {
			LOG.warn("bundle {} from {} cannot be kept ({}); it will not come back after a restart", bundle.getBundleId(),
				location, e.getMessage());
		}
	}

	private void forgetQuietly(String location) {
		try {
			archive.forget(location);
		} catch (IOException e) {
			LOG.warn("{} cannot be forgotten by the bundle archive: {}", location, e.getMessage());
		}
	}

	private boolean isKept(String location) {
		ArchivedBundle b = archived().get(location);
		return b != null && b.kept();
	}

	/** Whether PluginKit installed (and keeps) a bundle of this location: the folder or the archive. */
	private boolean fromPluginKit(String location) {
		return folderJar(location) != null || archived().containsKey(location);
	}

	private Path fileOf(String location) {
		try {
			return location.startsWith("file:") ? Paths.get(java.net.URI.create(location)).toAbsolutePath().normalize()
				: null;
		} catch (IllegalArgumentException e) {
			return null;
		}
	}

	private boolean bundleExists(String nameOrId) {
		String key = nameOrId == null ? "" : nameOrId.trim();
		return key.matches("\\d{1,18}") && context.getBundle(Long.parseLong(key)) != null;
	}

	private Bundle bundle(PluginEntry e) throws PluginException {
		Bundle b = context.getBundle(e.bundleId);
		if (b == null) {
			throw new PluginException(Kind.NOT_FOUND, "plugin '" + e.displayName() + "' was just uninstalled");
		}
		return b;
	}

	/** Publishes soon, once, after whatever else is queued: many events, one snapshot. */
	private void publishSoon() {
		if (publisher.phase() != Phase.RUNNING) {
			return; // starting: applyAll publishes everything once the plugins are in place; stopping: no one reads
		}
		if (publisher.requestPublish()) {
			writer.execute(() -> publishWhenIdle(0));
		}
	}

	/** Publishes once the writer has nothing else queued (a burst of events), or after 100 deferrals. */
	private void publishWhenIdle(int deferred) {
		if (writer.busy() && deferred < 100) {
			writer.execute(() -> publishWhenIdle(deferred + 1));
		} else {
			publish("bundle event");
		}
	}

	/** Recomputes what changed and publishes a new snapshot and the events; on the writer. */
	private void publish(String cause) {
		publisher.publishing();
		if (LOG.isTraceEnabled()) {
			LOG.trace("publishing after {} ({} changed)", cause, dirty.size());
		}
		List<PluginInfo> infos = new ArrayList<>();
		Map<String, Bundle> enabled = new java.util.HashMap<>();
		for (PluginEntry e : index.all()) {
			Bundle b = context.getBundle(e.bundleId);
			if (b == null) {
				continue;
			}
			if (e.shown != null && !dirty.remove(e.bundleId)) {
				infos.add(e.shown);
				if (e.shown.state() == PluginState.ENABLED && e.valid()) {
					enabled.put(e.metadata.name(), b);
				}
				continue;
			}
			Map<String, String> problems = reported.getOrDefault(e.bundleId, Map.of());
			PluginInfo now = view.view(e, b, problems, warnings.get(e.bundleId));
			PluginInfo before = e.shown;
			if (before == null || before.state() != now.state() || !java.util.Objects.equals(before.reason(), now.reason())
				|| !java.util.Objects.equals(before.version(), now.version())) {
				if (before != null && before.state() != now.state()) {
					e.since = Instant.now();
				}
				now = new PluginInfo(now.name(), now.version(), now.author(), now.description(), now.url(), now.license(),
					now.licenseFile(), now.readmeFile(), now.enabledByDefault(), now.requires(), now.state(), now.reason(),
					now.bundleId(), now.symbolicName(), now.location(), e.since);
				e.shown = now;
				publisher.emit(before, now, cause);
			} else {
				now = before;
			}
			infos.add(now);
			if (now.state() == PluginState.ENABLED && e.valid()) {
				enabled.put(e.metadata.name(), b);
			}
		}
		infos.addAll(fileProblems.values());
		for (ProblemSource.Problem p : folderProblems.problems()) {
			infos.add(PluginStateView.problemRow(p.file(), p.location(), p.reason(), p.since()));
		}
		publisher.publish(infos, enabled);
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

	static Comparator<PluginInfo> order() {
		return RegistrySnapshot.ORDER;
	}
}
