package io.pluginkit.runtime.internal.registry;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Collectors;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.BundleException;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.SynchronousBundleListener;
import org.osgi.framework.Version;
import org.osgi.framework.startlevel.BundleStartLevel;
import org.osgi.framework.wiring.BundleCapability;
import org.osgi.framework.wiring.BundleRevision;
import org.osgi.framework.wiring.FrameworkWiring;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;
import org.osgi.service.component.runtime.dto.ReferenceDTO;
import org.osgi.service.component.runtime.dto.UnsatisfiedReferenceDTO;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.pluginkit.runtime.internal.registry.PluginException.Kind;
import io.pluginkit.runtime.internal.registry.PluginSource.JarHeaders;
import io.pluginkit.runtime.internal.settings.Settings;
import io.pluginkit.spi.state.ArchivedBundle;
import io.pluginkit.spi.state.BundleArchive;
import io.pluginkit.spi.state.StateStore;

/**
 * Every bundle of the framework seen as a plugin (it has {@code Plugin-Name})
 * or a library, with its state and, when it cannot run, the reason.
 * <p>
 * The registry listens to every bundle event synchronously, so whatever
 * changed a bundle (the shell's {@code plugin:*} or plain Felix commands, the
 * hot-deploy folder, the admin API) is seen at once. It is also where the
 * desired state of a plugin is decided: an admin decision from the
 * {@link StateStore} wins over the {@code Plugin-State} header, which wins over
 * enabled. A plain Felix {@code start} or {@code stop} that changes what a
 * plugin should be counts as an admin decision; stopping the framework, an
 * update or a refresh never does.
 */
@Component(service = PluginRegistry.class, immediate = true)
public final class PluginRegistry implements SynchronousBundleListener {

	private static final Logger LOG = LoggerFactory.getLogger(PluginRegistry.class);

	/** Set while this registry itself changes a bundle, so that its events are not taken as admin decisions. */
	private static final ThreadLocal<Boolean> OWN = ThreadLocal.withInitial(() -> Boolean.FALSE);

	/** One tracked plugin bundle. */
	private static final class Entry {
		final long bundleId;
		volatile PluginMetadata metadata;
		volatile Instant since = Instant.now();
		volatile String startError;
		volatile boolean starting;

		Entry(long bundleId, PluginMetadata metadata) {
			this.bundleId = bundleId;
			this.metadata = metadata;
		}
	}

	/** A jar of the hot-deploy folder that could not become a plugin. */
	private record FileProblem(String file, String location, String reason, Instant since) {
	}

	private final BundleContext context;
	private final StateStore store;
	private final BundleArchive archive;
	private final ServiceComponentRuntime scr;
	private final Settings settings;
	private final Version runtimeVersion;
	private final FrameworkWiring wiring;
	private final Map<Long, Entry> entries = new ConcurrentHashMap<>();
	private final Map<String, FileProblem> fileProblems = new ConcurrentHashMap<>();
	private final ExecutorService background;
	private final List<Consumer<PluginInfo>> listeners = new java.util.concurrent.CopyOnWriteArrayList<>();
	/** Name of every enabled plugin to its bundle: what the request path reads. */
	private volatile Map<String, Bundle> enabled = Map.of();

	@Activate
	public PluginRegistry(BundleContext context, @Reference StateStore store, @Reference BundleArchive archive,
		@Reference ServiceComponentRuntime scr) {
		this.context = context;
		this.store = store;
		this.archive = archive;
		this.scr = scr;
		this.settings = Settings.from(context);
		this.runtimeVersion = context.getBundle().getVersion();
		this.wiring = context.getBundle(0).adapt(FrameworkWiring.class);
		this.background = Executors.newSingleThreadExecutor(r -> {
			Thread t = new Thread(r, "pluginkit-registry");
			t.setDaemon(true);
			return t;
		});
		context.addBundleListener(this);
		for (Bundle b : context.getBundles()) {
			track(b);
		}
		refreshSnapshot();
	}

	@Deactivate
	void deactivate() {
		context.removeBundleListener(this);
		background.shutdownNow();
	}

	// ---------------------------------------------------------------- queries

	/** All plugins, sorted by name, with their state computed now. */
	public List<PluginInfo> plugins() {
		List<PluginInfo> result = new ArrayList<>();
		for (Entry e : entries.values()) {
			PluginInfo info = info(e);
			if (info != null) {
				result.add(info);
			}
		}
		for (FileProblem p : fileProblems.values()) {
			result.add(new PluginInfo(p.file(), null, null, null, null, null, null, null, true, null,
				PluginState.FAILED, p.reason(), -1, null, p.location(), p.since()));
		}
		result.sort(Comparator.comparing(PluginInfo::name).thenComparingLong(PluginInfo::bundleId));
		return result;
	}

	/** Bundles without {@code Plugin-Name}, by bundle id. */
	public List<LibraryInfo> libraries() {
		List<LibraryInfo> result = new ArrayList<>();
		for (Bundle b : context.getBundles()) {
			if (!entries.containsKey(b.getBundleId())) {
				result.add(new LibraryInfo(b.getBundleId(), b.getSymbolicName(), b.getVersion().toString(),
					bundleState(b.getState()), b.getLocation()));
			}
		}
		return result;
	}

	/** A plugin by name or bundle id. */
	public PluginInfo get(String nameOrId) throws PluginException {
		return info(entry(nameOrId));
	}

	/** Counts of enabled, disabled and failed plugins. */
	public Map<PluginState, Integer> counts() {
		Map<PluginState, Integer> counts = new HashMap<>();
		for (PluginState s : PluginState.values()) {
			counts.put(s, 0);
		}
		for (PluginInfo p : plugins()) {
			counts.merge(p.state(), 1, Integer::sum);
		}
		return counts;
	}

	/** The bundle of an enabled plugin, for the request path: a snapshot read, no locking. */
	public Optional<Bundle> enabledBundle(String name) {
		return Optional.ofNullable(enabled.get(name));
	}

	/** The plugin a bundle belongs to, if it is a plugin. */
	public Optional<String> pluginName(long bundleId) {
		Entry e = entries.get(bundleId);
		return e == null ? Optional.empty() : Optional.ofNullable(e.metadata.name());
	}

	/** Called with the new info each time a plugin changes; called on the thread that changed it. */
	public void addListener(Consumer<PluginInfo> listener) {
		listeners.add(listener);
	}

	public void removeListener(Consumer<PluginInfo> listener) {
		listeners.remove(listener);
	}

	// ---------------------------------------------------------------- operations

	/** Records the admin decision "enabled" and starts the plugin. */
	public PluginInfo enable(String nameOrId) throws PluginException {
		Entry e = entry(nameOrId);
		PluginMetadata m = e.metadata;
		if (m.problem() != null) {
			throw new PluginException(Kind.FAILED, "plugin '" + displayName(e) + "' cannot be enabled: " + m.problem());
		}
		recordDecision(m.name(), true);
		start(bundle(e));
		PluginInfo info = info(e);
		if (info.state() == PluginState.FAILED) {
			throw new PluginException(Kind.FAILED, "plugin '" + m.name() + "' is enabled but cannot run: " + info.reason());
		}
		return info;
	}

	/** Records the admin decision "disabled" and stops the plugin; when this returns none of its code runs. */
	public PluginInfo disable(String nameOrId) throws PluginException {
		Entry e = entry(nameOrId);
		if (e.metadata.name() != null && e.metadata.problem() == null) {
			recordDecision(e.metadata.name(), false);
		}
		stop(bundle(e));
		return info(e);
	}

	/**
	 * Installs a plugin from a path or URL, keeps a copy in the data directory
	 * so it survives a restart, and enables it unless a decision or its
	 * {@code Plugin-State} says otherwise.
	 */
	public Optional<PluginInfo> install(String pathOrUrl) throws PluginException {
		String location = PluginSource.location(pathOrUrl);
		Bundle existing = context.getBundle(location);
		if (existing != null) {
			throw new PluginException(Kind.CONFLICT, "'" + location + "' is already installed as bundle "
				+ existing.getBundleId() + "; use plugin:update " + existing.getBundleId());
		}
		Path copy = download(location);
		try {
			JarHeaders headers = PluginSource.check(copy, PluginSource.fileName(location));
			checkNameFree(headers, -1);
			Bundle bundle = own(() -> {
				try (InputStream in = Files.newInputStream(copy)) {
					return context.installBundle(location, in);
				}
			}, "cannot install " + location);
			try (InputStream in = Files.newInputStream(copy)) {
				archive.keep(location, in);
			}
			return applyAndDescribe(bundle);
		} catch (IOException ex) {
			throw new PluginException(Kind.FAILED, "cannot keep a copy of " + location + ": " + ex.getMessage(), ex);
		} finally {
			deleteQuietly(copy);
		}
	}

	/** Installs a jar of the hot-deploy folder (the folder itself is what persists it). */
	public Optional<PluginInfo> installFromFolder(Path jar) throws PluginException {
		String location = jar.toUri().toString();
		String file = jar.getFileName().toString();
		try {
			JarHeaders headers = PluginSource.check(jar, file);
			checkNameFree(headers, -1);
			Bundle bundle = own(() -> {
				try (InputStream in = Files.newInputStream(jar)) {
					return context.installBundle(location, in);
				}
			}, file + " cannot be installed");
			clearFileProblem(location);
			recordInstall(location);
			return applyAndDescribe(bundle);
		} catch (PluginException e) {
			reportFileProblem(file, location, e.getMessage());
			throw e;
		}
	}

	/** Updates a plugin in place from a path or URL, or from where it came from; its state is kept. */
	public Optional<PluginInfo> update(String nameOrId, String pathOrUrl) throws PluginException {
		Entry e = entry(nameOrId);
		Bundle bundle = bundle(e);
		String source = pathOrUrl == null || pathOrUrl.isBlank() ? bundle.getLocation() : PluginSource.location(pathOrUrl);
		Path copy = download(source);
		try {
			PluginSource.check(copy, PluginSource.fileName(source));
			updateFrom(bundle, copy);
			if (isKept(bundle.getLocation())) {
				try (InputStream in = Files.newInputStream(copy)) {
					archive.keep(bundle.getLocation(), in);
				}
			}
			return applyAndDescribe(bundle);
		} catch (IOException ex) {
			throw new PluginException(Kind.FAILED, "cannot keep a copy of " + source + ": " + ex.getMessage(), ex);
		} finally {
			deleteQuietly(copy);
		}
	}

	/** Updates the plugin installed from a folder jar. */
	public Optional<PluginInfo> updateFromFolder(Bundle bundle, Path jar) throws PluginException {
		String file = jar.getFileName().toString();
		try {
			JarHeaders headers = PluginSource.check(jar, file);
			checkNameFree(headers, bundle.getBundleId());
			updateFrom(bundle, jar);
			clearFileProblem(bundle.getLocation());
			return applyAndDescribe(bundle);
		} catch (PluginException e) {
			reportFileProblem(file, bundle.getLocation(), e.getMessage());
			throw e;
		}
	}

	/** Uninstalls a plugin, forgets its decision and its stored copy, and deletes its folder jar. */
	public void uninstall(String nameOrId) throws PluginException {
		Entry e = entry(nameOrId);
		Bundle bundle = bundle(e);
		String location = bundle.getLocation();
		own(() -> {
			bundle.uninstall();
			return bundle;
		}, "cannot uninstall plugin '" + displayName(e) + "'");
		Path folderJar = folderJar(location);
		if (folderJar != null) {
			deleteQuietly(folderJar);
		}
		refreshRemovalPending();
	}

	/** Uninstalls the bundle of a folder jar that was deleted. */
	public void uninstallFromFolder(Bundle bundle) throws PluginException {
		clearFileProblem(bundle.getLocation());
		own(() -> {
			bundle.uninstall();
			return bundle;
		}, "cannot uninstall bundle " + bundle.getBundleId());
		refreshRemovalPending();
	}

	/** Forgets the problem reported for a folder jar (it was deleted or fixed). */
	public void clearFileProblem(String location) {
		fileProblems.remove(location);
	}

	/** Reports a folder jar that cannot become a plugin. */
	public void reportFileProblem(String file, String location, String reason) {
		FileProblem old = fileProblems.put(location, new FileProblem(file, location, reason, Instant.now()));
		if (old == null || !old.reason().equals(reason)) {
			LOG.error("hot-deploy: {}", reason);
		}
	}

	/**
	 * Installs again the bundles kept in the data directory (installed by the
	 * shell, the admin API or plain Felix {@code install} before a restart).
	 */
	public void restoreStoredBundles() {
		restoreStoredBundles(Long.MAX_VALUE);
	}

	/**
	 * Installs again the kept bundles that came before {@code sequence} in the install order: the
	 * hot-deploy folder calls it before each of its jars, so that a restart reproduces the order in
	 * which everything was first installed (ties of {@code service.ranking} go by that order).
	 */
	public void restoreStoredBundles(long sequence) {
		for (ArchivedBundle stored : archive.bundles()) {
			if (stored.sequence() >= sequence) {
				break;
			}
			if (!stored.kept() || context.getBundle(stored.location()) != null) {
				continue;
			}
			try (InputStream in = archive.open(stored.location())) {
				own(() -> context.installBundle(stored.location(), in), "cannot restore " + stored.location());
			} catch (IOException | PluginException e) {
				LOG.error("cannot restore plugin from {}: {}", stored.location(), e.getMessage());
			}
		}
	}

	/** Brings every plugin to its desired state, in install order. */
	public void applyAll() {
		List<Entry> all = new ArrayList<>(entries.values());
		all.sort(Comparator.comparingLong(e -> e.bundleId));
		List<Bundle> bundles = new ArrayList<>();
		for (Entry e : all) {
			Bundle b = context.getBundle(e.bundleId);
			if (b != null) {
				bundles.add(b);
			}
		}
		List<Bundle> libraries = new ArrayList<>();
		for (Bundle b : context.getBundles()) {
			String location = b.getLocation();
			if (!entries.containsKey(b.getBundleId()) && (folderJar(location) != null || isKept(location))) {
				libraries.add(b);
			}
		}
		List<Bundle> toResolve = new ArrayList<>(libraries);
		toResolve.addAll(bundles);
		wiring.resolveBundles(toResolve);
		for (Bundle library : libraries) {
			try {
				startLibrary(library);
			} catch (PluginException ex) {
				LOG.error(ex.getMessage());
			}
		}
		for (Bundle b : bundles) {
			apply(b);
		}
	}

	// ---------------------------------------------------------------- events

	@Override
	public void bundleChanged(BundleEvent event) {
		Bundle bundle = event.getBundle();
		long id = bundle.getBundleId();
		boolean own = OWN.get();
		switch (event.getType()) {
			case BundleEvent.INSTALLED -> {
				Entry e = track(bundle);
				if (!own && e != null) {
					// installed by someone else (plain Felix install): keep it and give it its desired state
					background.execute(() -> adoptForeignInstall(bundle));
				}
				if (e != null) {
					background.execute(this::retryUnresolved);
				}
			}
			case BundleEvent.UPDATED -> {
				Entry e = track(bundle);
				if (!own && e != null && isKept(bundle.getLocation())) {
					background.execute(() -> keepCopy(bundle));
				}
			}
			case BundleEvent.STARTING -> {
				Entry e = entries.get(id);
				if (e != null) {
					e.starting = true;
				}
			}
			case BundleEvent.STARTED -> {
				Entry e = entries.get(id);
				if (e != null) {
					e.starting = false;
					e.startError = null;
					PluginMetadata m = e.metadata;
					if (m.problem() != null) {
						LOG.warn("plugin bundle {} was started but its metadata is invalid ({}); stopping it", id,
							m.problem());
						background.execute(() -> stopQuietly(bundle));
					} else if (!own && frameworkActive() && !desiredEnabled(m)) {
						recordDecision(m.name(), true);
					}
				}
			}
			case BundleEvent.STOPPED -> {
				Entry e = entries.get(id);
				if (e != null) {
					if (e.starting) {
						e.starting = false;
						e.startError = "the bundle failed to start: its activator threw; see the log";
					}
					PluginMetadata m = e.metadata;
					if (!own && frameworkActive() && m.problem() == null && !persistentlyStarted(bundle)
						&& desiredEnabled(m)) {
						recordDecision(m.name(), false);
					}
				}
			}
			case BundleEvent.UNINSTALLED -> {
				Entry e = entries.remove(id);
				if (e != null) {
					String name = e.metadata.name();
					if (name != null && e.metadata.problem() == null) {
						forgetDecision(name);
					}
					background.execute(() -> revalidateDuplicatesOf(name));
				}
				// plugins and libraries alike: no copy to restore, no place in the install order
				forgetBundle(bundle.getLocation());
			}
			default -> {
				// RESOLVED, UNRESOLVED, STOPPING, LAZY_ACTIVATION: only the timestamp changes
			}
		}
		Entry e = entries.get(id);
		if (e != null) {
			e.since = Instant.now();
		}
		refreshSnapshot();
		if (e != null && !listeners.isEmpty()) {
			PluginInfo info = info(e);
			listeners.forEach(l -> l.accept(info));
		}
	}

	// ---------------------------------------------------------------- internals

	private Entry track(Bundle b) {
		if (b.getBundleId() == 0 || b.getState() == Bundle.UNINSTALLED) {
			return null;
		}
		java.util.Dictionary<String, String> headers = b.getHeaders("");
		if (!PluginMetadata.isPlugin(headers)) {
			entries.remove(b.getBundleId());
			return null;
		}
		PluginMetadata m = PluginMetadata.read(headers, path -> b.getEntry(path) != null, runtimeVersion);
		if (m.problem() == null) {
			for (Entry other : entries.values()) {
				if (other.bundleId != b.getBundleId() && m.name().equals(other.metadata.name())
					&& other.metadata.problem() == null) {
					Bundle ob = context.getBundle(other.bundleId);
					m = m.withProblem("Plugin-Name '" + m.name() + "' is already used by bundle " + other.bundleId
						+ (ob == null ? "" : " (" + ob.getLocation() + ")"));
					break;
				}
			}
		}
		Entry e = entries.get(b.getBundleId());
		if (e == null) {
			e = new Entry(b.getBundleId(), m);
			entries.put(b.getBundleId(), e);
		} else {
			e.metadata = m;
		}
		if (m.problem() != null) {
			LOG.error("plugin bundle {} ({}) has invalid metadata: {}", b.getBundleId(), b.getLocation(), m.problem());
		}
		return e;
	}

	private void revalidateDuplicatesOf(String name) {
		if (name == null) {
			return;
		}
		for (Entry e : new ArrayList<>(entries.values())) {
			if (name.equals(e.metadata.name()) && e.metadata.problem() != null) {
				Bundle b = context.getBundle(e.bundleId);
				if (b != null && track(b).metadata.problem() == null) {
					apply(b);
				}
			}
		}
		refreshSnapshot();
	}

	private void adoptForeignInstall(Bundle bundle) {
		if (bundle.getState() == Bundle.UNINSTALLED) {
			return;
		}
		if (folderJar(bundle.getLocation()) == null && !isKept(bundle.getLocation())) {
			keepCopy(bundle);
		}
		apply(bundle);
	}

	/** Keeps a copy of a bundle installed by a plain Felix command, read again from its location. */
	private void keepCopy(Bundle bundle) {
		String location = bundle.getLocation();
		try (InputStream in = PluginSource.open(location.startsWith("reference:") ? location.substring(10) : location)) {
			archive.keep(location, in);
		} catch (PluginException | IOException e) {
			LOG.warn("plugin bundle {} from {} cannot be read again ({}); it will not come back after a restart",
				bundle.getBundleId(), location, e.getMessage());
		}
	}

	private void retryUnresolved() {
		List<Bundle> pending = new ArrayList<>();
		for (Entry e : entries.values()) {
			Bundle b = context.getBundle(e.bundleId);
			if (b != null && b.getState() == Bundle.INSTALLED && e.metadata.problem() == null) {
				pending.add(b);
			}
		}
		if (!pending.isEmpty()) {
			wiring.resolveBundles(pending);
			for (Bundle b : pending) {
				if (b.getState() != Bundle.INSTALLED) {
					apply(b);
				}
			}
		}
		refreshSnapshot();
	}

	/**
	 * Brings a freshly installed or updated bundle to its desired state and describes it: a plugin,
	 * or empty for a library (no {@code Plugin-Name}), which is started like any bundle.
	 */
	private Optional<PluginInfo> applyAndDescribe(Bundle bundle) throws PluginException {
		Entry e = entries.get(bundle.getBundleId());
		if (e == null) {
			startLibrary(bundle);
			return Optional.empty();
		}
		apply(bundle);
		return Optional.ofNullable(info(e));
	}

	/** Libraries install, resolve and start as in plain Felix; what keeps one from starting is reported. */
	private void startLibrary(Bundle bundle) throws PluginException {
		if (bundle.getState() == Bundle.ACTIVE || bundle.getState() == Bundle.UNINSTALLED) {
			return;
		}
		try {
			startRetryingTransientResolveFailures(bundle);
		} catch (PluginException ex) {
			String reason = startFailureReason(bundle, ex);
			throw new PluginException(Kind.FAILED,
				"library " + bundle.getSymbolicName() + " (bundle " + bundle.getBundleId() + ") cannot start: " + reason, ex);
		}
	}

	/** Starts or stops a plugin bundle to match its desired state; never throws. */
	void apply(Bundle bundle) {
		Entry e = entries.get(bundle.getBundleId());
		if (e == null || bundle.getState() == Bundle.UNINSTALLED) {
			return;
		}
		PluginMetadata m = e.metadata;
		if (m.problem() != null) {
			stopQuietly(bundle);
			return;
		}
		if (desiredEnabled(m)) {
			try {
				start(bundle);
			} catch (PluginException ex) {
				LOG.error(ex.getMessage());
			}
		} else {
			stopQuietly(bundle);
			if (bundle.getState() == Bundle.INSTALLED) {
				wiring.resolveBundles(List.of(bundle));
			}
		}
		refreshSnapshot();
	}

	private boolean desiredEnabled(PluginMetadata m) {
		return Optional.ofNullable(store.decisions().get(m.name())).orElse(m.enabledByDefault());
	}

	private void start(Bundle bundle) throws PluginException {
		Entry e = entries.get(bundle.getBundleId());
		if (bundle.getState() == Bundle.ACTIVE) {
			return;
		}
		try {
			startRetryingTransientResolveFailures(bundle);
		} catch (PluginException ex) {
			String reason = startFailureReason(bundle, ex);
			if (e != null) {
				e.startError = reason;
			}
			refreshSnapshot();
			throw new PluginException(Kind.FAILED,
				"plugin '" + (e == null ? bundle.getSymbolicName() : displayName(e)) + "' cannot start: " + reason, ex);
		}
	}

	/**
	 * Starts the bundle. A resolve that fails with nothing missing is the framework being busy (e.g.
	 * Felix's global resolve lock held while it raises the start level at launch): try again shortly.
	 */
	private void startRetryingTransientResolveFailures(Bundle bundle) throws PluginException {
		for (int attempt = 1;; attempt++) {
			try {
				own(() -> {
					bundle.start();
					return bundle;
				}, null);
				return;
			} catch (PluginException ex) {
				boolean transientFailure = bundle.getState() == Bundle.INSTALLED
					&& ResolutionDiagnosis.explain(bundle, wiring) == null;
				if (!transientFailure || attempt == 5) {
					throw ex;
				}
				try {
					Thread.sleep(20L * attempt);
				} catch (InterruptedException ie) {
					Thread.currentThread().interrupt();
					throw ex;
				}
			}
		}
	}

	private void stopQuietly(Bundle bundle) {
		try {
			stop(bundle);
		} catch (PluginException ex) {
			LOG.error(ex.getMessage());
		}
	}

	private void stop(Bundle bundle) throws PluginException {
		Entry e = entries.get(bundle.getBundleId());
		if (e != null) {
			e.startError = null;
		}
		if (bundle.getState() != Bundle.ACTIVE && bundle.getState() != Bundle.STARTING && persistentlyStarted(bundle) == false) {
			return;
		}
		own(() -> {
			bundle.stop();
			return bundle;
		}, "cannot stop bundle " + bundle.getBundleId());
	}

	private void updateFrom(Bundle bundle, Path jar) throws PluginException {
		own(() -> {
			try (InputStream in = Files.newInputStream(jar)) {
				bundle.update(in);
			}
			return bundle;
		}, "cannot update bundle " + bundle.getBundleId());
		refreshAndWait(List.of(bundle));
	}

	private void refreshRemovalPending() {
		java.util.Collection<Bundle> pending = wiring.getRemovalPendingBundles();
		if (!pending.isEmpty()) {
			refreshAndWait(pending);
		}
	}

	/** Refreshes so that old revisions are dropped (and collected), waiting up to 30 s. */
	private void refreshAndWait(java.util.Collection<Bundle> bundles) {
		CountDownLatch done = new CountDownLatch(1);
		wiring.refreshBundles(bundles, event -> {
			if (event.getType() == FrameworkEvent.PACKAGES_REFRESHED || event.getType() == FrameworkEvent.ERROR) {
				done.countDown();
			}
		});
		try {
			if (!done.await(30, TimeUnit.SECONDS)) {
				LOG.warn("refreshing bundles {} took more than 30 s", bundles);
			}
		} catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/** Why a start failed: what keeps the bundle from resolving, or what its activator threw. */
	private String startFailureReason(Bundle bundle, PluginException ex) {
		if (bundle.getState() != Bundle.INSTALLED) {
			return ex.getMessage();
		}
		String diagnosis = ResolutionDiagnosis.explain(bundle, wiring);
		if (diagnosis != null) {
			return diagnosis;
		}
		Throwable cause = ex.getCause() != null ? ex.getCause() : ex;
		return cause.getMessage();
	}

	private void checkNameFree(JarHeaders headers, long exceptBundle) throws PluginException {
		if (headers.pluginName() == null) {
			return;
		}
		for (Entry e : entries.values()) {
			if (e.bundleId != exceptBundle && headers.pluginName().equals(e.metadata.name())
				&& e.metadata.problem() == null) {
				Bundle b = context.getBundle(e.bundleId);
				throw new PluginException(Kind.CONFLICT, "Plugin-Name '" + headers.pluginName()
					+ "' is already used by bundle " + e.bundleId + (b == null ? "" : " (" + b.getLocation() + ")")
					+ "; update that plugin instead or rename this one");
			}
		}
	}

	private Path download(String location) throws PluginException {
		try {
			Path tmp = Files.createTempFile("pluginkit-", ".jar");
			try (InputStream in = PluginSource.open(location)) {
				Files.copy(in, tmp, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
			} catch (PluginException | IOException e) {
				deleteQuietly(tmp);
				throw e;
			}
			return tmp;
		} catch (IOException e) {
			throw new PluginException(Kind.BAD_INPUT, "cannot read '" + location + "': " + e.getMessage(), e);
		}
	}

	/** The jar in the hot-deploy folder a location points to, or {@code null}. */
	public Path folderJar(String location) {
		if (!location.startsWith("file:")) {
			return null;
		}
		try {
			Path p = Paths.get(java.net.URI.create(location)).toAbsolutePath().normalize();
			return p.startsWith(settings.pluginsDir()) ? p : null;
		} catch (IllegalArgumentException e) {
			return null;
		}
	}

	/** The place of a folder jar's bundle in the install order, if it was installed before. */
	public OptionalLong installSequence(Path jar) {
		String location = jar.toUri().toString();
		for (ArchivedBundle b : archive.bundles()) {
			if (b.location().equals(location)) {
				return OptionalLong.of(b.sequence());
			}
		}
		return OptionalLong.empty();
	}

	// the SPI's writes throw IOException; until the registry handles them, they fail as before

	private boolean isKept(String location) {
		for (ArchivedBundle b : archive.bundles()) {
			if (b.kept() && b.location().equals(location)) {
				return true;
			}
		}
		return false;
	}

	private void recordDecision(String plugin, boolean enabled) {
		try {
			store.recordDecision(plugin, enabled);
		} catch (IOException e) {
			throw new java.io.UncheckedIOException(e.getMessage(), e);
		}
	}

	private void forgetDecision(String plugin) {
		try {
			store.forgetDecision(plugin);
		} catch (IOException e) {
			throw new java.io.UncheckedIOException(e.getMessage(), e);
		}
	}

	private void recordInstall(String location) {
		try {
			archive.recordInstalls(List.of(location));
		} catch (IOException e) {
			throw new java.io.UncheckedIOException(e.getMessage(), e);
		}
	}

	private void forgetBundle(String location) {
		try {
			archive.forget(location);
		} catch (IOException e) {
			throw new java.io.UncheckedIOException(e.getMessage(), e);
		}
	}

	/** Bundles installed from the hot-deploy folder, by their jar path. */
	public Map<Path, Bundle> folderBundles() {
		Map<Path, Bundle> result = new HashMap<>();
		for (Bundle b : context.getBundles()) {
			Path p = folderJar(b.getLocation());
			if (p != null) {
				result.put(p, b);
			}
		}
		return result;
	}

	private PluginInfo info(Entry e) {
		Bundle b = context.getBundle(e.bundleId);
		if (b == null) {
			return null;
		}
		PluginMetadata m = e.metadata;
		PluginState state;
		String reason = null;
		if (m.problem() != null) {
			state = PluginState.FAILED;
			reason = m.problem();
		} else {
			switch (b.getState()) {
				case Bundle.INSTALLED -> {
					String why = ResolutionDiagnosis.explain(b, wiring);
					if (why != null || e.startError != null) {
						state = PluginState.FAILED;
						reason = why != null ? why : e.startError;
					} else {
						state = PluginState.INSTALLED;
					}
				}
				case Bundle.RESOLVED -> {
					if (e.startError != null && desiredEnabled(m)) {
						state = PluginState.FAILED;
						reason = e.startError;
					} else {
						state = PluginState.DISABLED;
					}
				}
				case Bundle.STARTING, Bundle.ACTIVE -> {
					reason = componentProblems(b);
					state = reason == null ? PluginState.ENABLED : PluginState.FAILED;
				}
				case Bundle.STOPPING -> state = PluginState.DISABLED;
				default -> state = PluginState.UNINSTALLED;
			}
		}
		String name = m.name() != null && PluginMetadata.NAME.matcher(m.name()).matches() ? m.name()
			: b.getSymbolicName();
		return new PluginInfo(name, b.getVersion().toString(), m.author(), m.description(), m.url(), m.license(),
			m.licenseFile(), m.readmeFile(), m.enabledByDefault(), m.requires(), state, reason, b.getBundleId(),
			b.getSymbolicName(), b.getLocation(), e.since);
	}

	/** What keeps the plugin's components from running, in a user's words, or {@code null}. */
	private String componentProblems(Bundle b) {
		List<String> problems = new ArrayList<>();
		for (ComponentDescriptionDTO d : scr.getComponentDescriptionDTOs(b)) {
			if (!scr.isComponentEnabled(d)) {
				continue;
			}
			java.util.Collection<ComponentConfigurationDTO> configs = scr.getComponentConfigurationDTOs(d);
			if (configs.isEmpty() && "require".equals(d.configurationPolicy)) {
				problems.add("component '" + d.name + "' waits for configuration " + String.join(", ", d.configurationPid));
			}
			for (ComponentConfigurationDTO c : configs) {
				if (c.state == ComponentConfigurationDTO.FAILED_ACTIVATION) {
					problems.add("component '" + d.name + "' failed to activate: " + firstLine(c.failure));
				} else if (c.state == ComponentConfigurationDTO.UNSATISFIED_REFERENCE) {
					for (UnsatisfiedReferenceDTO u : c.unsatisfiedReferences) {
						String iface = u.name;
						for (ReferenceDTO r : d.references) {
							if (r.name.equals(u.name)) {
								iface = r.interfaceName;
							}
						}
						problems.add("component '" + d.name + "' waits for service " + iface + " (reference '" + u.name
							+ "')" + providersHint(iface, b.getBundleId()));
					}
				}
			}
		}
		return problems.isEmpty() ? null : String.join("; ", problems);
	}

	/** Which installed plugin declares it provides a service, e.g. "; plugin 'x' provides it (DISABLED)". */
	private String providersHint(String iface, long except) {
		List<String> hints = new ArrayList<>();
		for (Entry e : entries.values()) {
			Bundle b = context.getBundle(e.bundleId);
			if (b == null || e.bundleId == except) {
				continue;
			}
			BundleRevision rev = b.adapt(BundleRevision.class);
			if (rev == null) {
				continue;
			}
			for (BundleCapability cap : rev.getDeclaredCapabilities("osgi.service")) {
				Object classes = cap.getAttributes().get("objectClass");
				if (classes instanceof List<?> list && list.contains(iface)) {
					PluginInfo other = info(e);
					hints.add("plugin '" + other.name() + "' provides it (" + other.state() + ")");
				}
			}
		}
		return hints.isEmpty() ? "; no installed plugin provides it" : "; " + String.join(", ", hints);
	}

	private static String firstLine(String text) {
		if (text == null || text.isBlank()) {
			return "unknown error";
		}
		String line = text.strip().lines().findFirst().orElse(text);
		return line;
	}

	private Entry entry(String nameOrId) throws PluginException {
		String key = nameOrId == null ? "" : nameOrId.trim();
		for (Entry e : entries.values()) {
			if (key.equals(e.metadata.name()) && e.metadata.problem() == null) {
				return e;
			}
		}
		for (Entry e : entries.values()) {
			if (key.equals(e.metadata.name()) || key.equals(String.valueOf(e.bundleId))) {
				return e;
			}
		}
		String installed = entries.values()
			.stream()
			.map(e -> e.metadata.name())
			.filter(n -> n != null)
			.sorted()
			.distinct()
			.collect(Collectors.joining(", "));
		if (key.matches("\\d+") && context.getBundle(Long.parseLong(key)) != null) {
			throw new PluginException(Kind.NOT_FOUND, "bundle " + key + " is a library, not a plugin; plugins: "
				+ (installed.isEmpty() ? "none" : installed));
		}
		throw new PluginException(Kind.NOT_FOUND,
			"plugin '" + key + "' not found; installed: " + (installed.isEmpty() ? "none" : installed));
	}

	private Bundle bundle(Entry e) throws PluginException {
		Bundle b = context.getBundle(e.bundleId);
		if (b == null) {
			throw new PluginException(Kind.NOT_FOUND, "plugin '" + displayName(e) + "' was just uninstalled");
		}
		return b;
	}

	private static String displayName(Entry e) {
		return e.metadata.name() != null ? e.metadata.name() : String.valueOf(e.bundleId);
	}

	private boolean frameworkActive() {
		return context.getBundle(0).getState() == Bundle.ACTIVE;
	}

	private static boolean persistentlyStarted(Bundle b) {
		BundleStartLevel sl = b.adapt(BundleStartLevel.class);
		return sl != null && sl.isPersistentlyStarted();
	}

	private void refreshSnapshot() {
		Map<String, Bundle> next = new HashMap<>();
		for (Entry e : entries.values()) {
			Bundle b = context.getBundle(e.bundleId);
			if (b != null && e.metadata.problem() == null && e.metadata.name() != null
				&& (b.getState() == Bundle.ACTIVE || b.getState() == Bundle.STARTING)) {
				next.put(e.metadata.name(), b);
			}
		}
		enabled = Map.copyOf(next);
	}

	@FunctionalInterface
	private interface BundleAction {
		Bundle run() throws BundleException, IOException;
	}

	/** Runs a framework operation as this registry's own, turning failures into a one-line PluginException. */
	private static Bundle own(BundleAction action, String what) throws PluginException {
		boolean outer = OWN.get();
		OWN.set(Boolean.TRUE);
		try {
			return action.run();
		} catch (BundleException | IOException | IllegalStateException | SecurityException e) {
			String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
			Throwable cause = e.getCause();
			if (e instanceof BundleException be && be.getType() == BundleException.ACTIVATOR_ERROR && cause != null) {
				message = "its activator threw " + cause;
			}
			throw new PluginException(Kind.FAILED, what == null ? message : what + ": " + message, e);
		} finally {
			OWN.set(outer);
		}
	}

	private static void deleteQuietly(Path p) {
		try {
			Files.deleteIfExists(p);
		} catch (IOException e) {
			// a temp file left behind is harmless
		}
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
