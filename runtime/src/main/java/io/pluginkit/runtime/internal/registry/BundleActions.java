package io.pluginkit.runtime.internal.registry;

import java.io.IOException;
import java.io.InputStream;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.startlevel.BundleStartLevel;
import org.osgi.framework.wiring.FrameworkWiring;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.pluginkit.runtime.internal.registry.PluginException.Kind;

/**
 * What the registry does to bundles (install, start, stop, update, uninstall, refresh), each
 * turned into a one-line {@link PluginException} on failure, and which bundle events are the
 * registry's own doing: those raised on its writer thread, or by a refresh it is waiting for.
 * Events of other hands (plain Felix {@code start}/{@code stop} in the shell) are admin
 * decisions.
 */
final class BundleActions {

	private static final Logger LOG = LoggerFactory.getLogger(BundleActions.class);
	private static final long REFRESH_WAIT_SECONDS = 30;


	private final BundleContext context;
	private final FrameworkWiring wiring;
	private final RegistryWriter writer;
	/** Bundles being refreshed for the registry: Felix stops and starts them on its own thread. */
	private final Set<Long> refreshing = ConcurrentHashMap.newKeySet();
	private volatile boolean raisingStartLevel;

	BundleActions(BundleContext context, RegistryWriter writer) {
		this.context = context;
		this.wiring = context.getBundle(0).adapt(FrameworkWiring.class);
		this.writer = writer;
	}

	FrameworkWiring wiring() {
		return wiring;
	}

	/** Whether an event about this bundle, raised on the current thread, is the registry's own doing. */
	boolean own(long bundleId) {
		return writer.isWriterThread() || refreshing.contains(bundleId) || raisingStartLevel;
	}

	/**
	 * While the runtime raises the framework to the plugins' start level at startup, the plugins the
	 * framework starts are started for the registry (it held back those that must not run), not by an admin.
	 */
	void raisingStartLevel(boolean raising) {
		this.raisingStartLevel = raising;
	}

	/** Whether the framework is up (not starting or stopping): only then is a foreign start/stop a decision. */
	boolean frameworkActive() {
		return context.getBundle(0).getState() == Bundle.ACTIVE;
	}

	Bundle install(String location, InputStream content, String what) throws PluginException {
		Bundle bundle = run(() -> context.installBundle(location, content), what);
		BundleStartLevel level = bundle.adapt(BundleStartLevel.class);
		if (level != null && level.getStartLevel() != PluginRegistry.PLUGIN_START_LEVEL) {
			level.setStartLevel(PluginRegistry.PLUGIN_START_LEVEL);
		}
		return bundle;
	}

	/**
	 * Starts the bundle. A resolve that fails with nothing missing is the framework being busy (e.g.
	 * its global resolve lock held while it raises the start level at launch): try again shortly.
	 */
	void start(Bundle bundle) throws PluginException {
		if (bundle.getState() == Bundle.ACTIVE) {
			return;
		}
		for (int attempt = 1;; attempt++) {
			try {
				run(() -> {
					bundle.start();
					return bundle;
				}, null);
				return;
			} catch (PluginException ex) {
				boolean transientFailure = bundle.getState() == Bundle.INSTALLED
					&& ResolutionDiagnosis.explain(bundle, wiring) == null;
				if (!transientFailure || attempt == 5) {
					throw new PluginException(Kind.FAILED, startFailureReason(bundle, ex), ex);
				}
				pause(20L * attempt);
			}
		}
	}

	/** Stops the bundle if it runs or is marked to run. */
	void stop(Bundle bundle) throws PluginException {
		int state = bundle.getState();
		if (state != Bundle.ACTIVE && state != Bundle.STARTING && !persistentlyStarted(bundle)) {
			return;
		}
		run(() -> {
			bundle.stop();
			return bundle;
		}, "cannot stop bundle " + bundle.getBundleId());
	}

	void stopQuietly(Bundle bundle) {
		try {
			stop(bundle);
		} catch (PluginException ex) {
			LOG.error(ex.getMessage());
		}
	}

	/** Updates the bundle from the content and refreshes it, so that its old revision goes. */
	void update(Bundle bundle, InputStream content) throws PluginException {
		run(() -> {
			bundle.update(content);
			return bundle;
		}, "cannot update bundle " + bundle.getBundleId());
		refresh(List.of(bundle));
	}

	void uninstall(Bundle bundle, String what) throws PluginException {
		run(() -> {
			bundle.uninstall();
			return bundle;
		}, what);
		Collection<Bundle> pending = wiring.getRemovalPendingBundles();
		if (!pending.isEmpty()) {
			refresh(pending);
		}
	}

	/** Resolves what can be resolved; never throws. */
	void resolve(Collection<Bundle> bundles) {
		if (!bundles.isEmpty()) {
			wiring.resolveBundles(bundles);
		}
	}

	/** Refreshes so that old revisions are dropped (and collected), waiting up to 30 s. */
	private void refresh(Collection<Bundle> bundles) {
		CountDownLatch done = new CountDownLatch(1);
		Collection<Bundle> affected = wiring.getDependencyClosure(bundles);
		affected.forEach(b -> refreshing.add(b.getBundleId()));
		try {
			wiring.refreshBundles(bundles, event -> {
				if (event.getType() == FrameworkEvent.PACKAGES_REFRESHED || event.getType() == FrameworkEvent.ERROR) {
					done.countDown();
				}
			});
			if (!done.await(REFRESH_WAIT_SECONDS, TimeUnit.SECONDS)) {
				LOG.warn("refreshing bundles {} took more than {} s", bundles, REFRESH_WAIT_SECONDS);
			}
		} catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		} finally {
			affected.forEach(b -> refreshing.remove(b.getBundleId()));
		}
	}

	/** Why a start failed: what keeps the bundle from resolving, or what its activator threw. */
	private String startFailureReason(Bundle bundle, PluginException ex) {
		if (bundle.getState() == Bundle.INSTALLED) {
			String diagnosis = ResolutionDiagnosis.explain(bundle, wiring);
			if (diagnosis != null) {
				return diagnosis;
			}
		}
		return ex.getMessage();
	}

	static boolean persistentlyStarted(Bundle b) {
		BundleStartLevel sl = b.adapt(BundleStartLevel.class);
		return sl != null && sl.isPersistentlyStarted();
	}

	private static void pause(long millis) throws PluginException {
		try {
			Thread.sleep(millis);
		} catch (InterruptedException ie) {
			Thread.currentThread().interrupt();
			throw new PluginException(Kind.FAILED, "interrupted");
		}
	}

	@FunctionalInterface
	interface Action {
		Bundle run() throws BundleException, IOException;
	}

	/** Runs a framework operation, turning failures into a one-line PluginException. */
	static Bundle run(Action action, String what) throws PluginException {
		try {
			return action.run();
		} catch (BundleException | IOException | IllegalStateException | SecurityException | IllegalArgumentException e) {
			String message = e.getMessage() == null ? e.getClass().getSimpleName() : ComponentDiagnosis.firstLine(e.getMessage());
			Throwable cause = e.getCause();
			if (e instanceof BundleException be && be.getType() == BundleException.ACTIVATOR_ERROR && cause != null) {
				message = "its activator threw " + cause.getClass().getName()
					+ (cause.getMessage() == null ? "" : ": " + ComponentDiagnosis.firstLine(cause.getMessage()));
			} else if (cause instanceof IllegalArgumentException && cause.getMessage() != null) {
				// e.g. a bad Bundle-Version behind "Could not create bundle object."
				message = message + ": " + ComponentDiagnosis.firstLine(cause.getMessage());
			}
			throw new PluginException(Kind.FAILED, what == null ? message : what + ": " + message, e);
		}
	}
}
