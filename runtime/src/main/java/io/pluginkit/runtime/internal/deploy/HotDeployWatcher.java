package io.pluginkit.runtime.internal.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.pluginkit.runtime.internal.deploy.FolderInstaller.Outcome;
import io.pluginkit.runtime.internal.deploy.FolderScanner.Action;
import io.pluginkit.runtime.internal.deploy.FolderScanner.Decision;
import io.pluginkit.runtime.internal.registry.PluginRegistry;
import io.pluginkit.runtime.internal.registry.PluginState;
import io.pluginkit.runtime.internal.registry.PluginStateEvent;
import io.pluginkit.runtime.internal.settings.Settings;

/**
 * The hot-deploy folder: a dropped jar is installed (and enabled per the precedence), a changed
 * jar updates its plugin in place, a deleted jar uninstalls it.
 * <p>
 * The folder is polled every {@value #POLL_MILLIS} ms: {@link FolderListing} lists it, the
 * {@link FolderScanner} decides (it holds every rule: a jar still being copied is left alone, a
 * folder that cannot be read changes nothing, a file that cannot be a jar is reported once), and
 * {@link FolderInstaller} acts through the registry. What cannot become a plugin is shown by
 * {@link FolderProblems}. A jar refused because its {@code Plugin-Name} is taken is tried again
 * when a plugin is uninstalled or renamed.
 */
@Component(service = HotDeployWatcher.class)
public final class HotDeployWatcher {

	private static final Logger LOG = LoggerFactory.getLogger(HotDeployWatcher.class);
	static final long POLL_MILLIS = 250;

	private final PluginRegistry registry;
	private final Path folder;
	private final FolderScanner scanner = new FolderScanner();
	private final FolderInstaller installer;
	private final PluginJar content;
	private final AtomicBoolean nameFreed = new AtomicBoolean();
	private final Consumer<PluginStateEvent> listener = this::pluginChanged;
	private ScheduledExecutorService poller;

	@Activate
	public HotDeployWatcher(BundleContext context, @Reference PluginRegistry registry,
		@Reference FolderProblems problems) {
		this.registry = registry;
		this.folder = Settings.from(context).pluginsDir();
		this.installer = new FolderInstaller(registry, problems);
		this.content = new PluginJar(folder);
		registry.addListener(listener);
	}

	/** The folder being watched. */
	public Path folder() {
		return folder;
	}

	/**
	 * Installs what is in the folder now, in the order the jars were first installed, with the
	 * plugins kept in the data folder interleaved ({@link PluginRegistry#restoreStoredBundles(long)}),
	 * and uninstalls folder plugins whose jar is gone; does not wait for files to settle. Called once
	 * at startup.
	 */
	public synchronized void initialScan() {
		try {
			Files.createDirectories(folder);
		} catch (IOException e) {
			// the listing says what is wrong with it, once
		}
		scan(true);
	}

	/** Starts polling the folder. */
	public synchronized void startPolling() {
		if (poller == null) {
			poller = Executors.newSingleThreadScheduledExecutor(r -> {
				Thread t = new Thread(r, "pluginkit-hot-deploy");
				t.setDaemon(true);
				return t;
			});
			poller.scheduleWithFixedDelay(this::poll, POLL_MILLIS, POLL_MILLIS, TimeUnit.MILLISECONDS);
		}
	}

	@Deactivate
	synchronized void deactivate() {
		registry.removeListener(listener);
		if (poller != null) {
			poller.shutdownNow();
			poller = null;
		}
	}

	private void poll() {
		try {
			synchronized (this) {
				scan(false);
			}
		} catch (RuntimeException e) {
			LOG.error("hot-deploy folder {}: {}", folder, e.toString(), e);
		}
	}

	/** A plugin went away or changed its name: a jar refused for a taken name may install now. */
	private void pluginChanged(PluginStateEvent e) {
		if (e.current().state() == PluginState.UNINSTALLED
			|| e.previous() != null && !e.previous().name().equals(e.current().name())) {
			nameFreed.set(true);
		}
	}

	private void scan(boolean initial) {
		if (nameFreed.getAndSet(false)) {
			scanner.retryRefused();
		}
		FolderScanner.Listing listing = FolderListing.read(folder);
		Map<String, Bundle> installed = new HashMap<>();
		for (Map.Entry<Path, Bundle> e : registry.folderBundles().entrySet()) {
			installed.put(folder.relativize(e.getKey()).toString(), e.getValue());
		}
		List<Decision> decisions = scanner.scan(listing, installed.keySet(), content, System.currentTimeMillis(),
			initial);

		List<Decision> jars = new ArrayList<>();
		for (Decision d : decisions) {
			Path file = d.file() == null ? null : folder.resolve(d.file());
			switch (d.action()) {
				case FOLDER_PROBLEM -> installer.folderProblem(folder, d.reason());
				case FOLDER_BACK -> installer.folderBack(folder);
				case PROBLEM -> installer.problem(file, d.reason());
				case CLEAR -> installer.clear(file);
				case UNINSTALL -> {
					installer.uninstall(file, installed.get(d.file()));
					nameFreed.set(true);
				}
				case INSTALL, UPDATE -> jars.add(d);
				case WAIT -> {
					// looked at again at the next poll
				}
			}
		}
		if (initial) {
			// at startup: in the order they were first installed (new ones last, by name), with the
			// bundles kept by the state store interleaved, so that install order survives a restart
			Map<String, Long> sequences = new HashMap<>();
			for (Decision d : jars) {
				sequences.put(d.file(), registry.installSequence(folder.resolve(d.file())).orElse(Long.MAX_VALUE));
			}
			jars.sort(Comparator.comparingLong((Decision d) -> sequences.get(d.file())).thenComparing(Decision::file));
			for (Decision d : jars) {
				registry.restoreStoredBundles(sequences.get(d.file()));
				act(d, installed);
			}
		} else {
			for (Decision d : jars) {
				act(d, installed);
			}
		}
	}

	private void act(Decision d, Map<String, Bundle> installed) {
		Path jar = folder.resolve(d.file());
		Outcome outcome = d.action() == Action.INSTALL ? installer.install(jar)
			: installer.update(jar, installed.get(d.file()));
		if (outcome != Outcome.DONE) {
			scanner.refused(d.file(), outcome == Outcome.REFUSED_UNTIL_NAME_FREE);
		}
	}
}
