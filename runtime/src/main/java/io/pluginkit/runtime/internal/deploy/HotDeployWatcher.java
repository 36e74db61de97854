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
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.pluginkit.runtime.internal.deploy.FolderInstaller.Outcome;
import io.pluginkit.runtime.internal.deploy.FolderScanner.Action;
import io.pluginkit.runtime.internal.deploy.FolderScanner.Decision;
import io.pluginkit.runtime.internal.deploy.FolderScanner.Known;
import io.pluginkit.runtime.internal.registry.PluginRegistry;
import io.pluginkit.runtime.internal.registry.PluginState;
import io.pluginkit.runtime.internal.registry.PluginStateEvent;
import io.pluginkit.runtime.internal.settings.Configured;
import io.pluginkit.runtime.internal.settings.Settings;

/**
 * The hot-deploy folder: a dropped jar is installed (and enabled per the precedence), a changed
 * jar updates its plugin in place, a deleted jar uninstalls it.
 * <p>
 * The folder is polled every {@code pluginkit.deploy.poll.millis} ms (250; PID {@code pluginkit.deploy},
 * changed live): {@link FolderListing} lists it, the
 * {@link FolderScanner} decides (it holds every rule: a jar still being copied is left alone, a
 * folder that cannot be read changes nothing, a file that cannot be a jar is reported once), and
 * {@link FolderInstaller} acts through the registry. What cannot become a plugin is shown by
 * {@link FolderProblems}. A jar refused because its {@code Plugin-Name} is taken is tried again
 * when a plugin is uninstalled or renamed.
 */
@Designate(ocd = HotDeployWatcher.Config.class)
@Component(service = HotDeployWatcher.class, configurationPid = "pluginkit.deploy")
public final class HotDeployWatcher {

	/** How the folder is watched, PID {@code pluginkit.deploy}; each setting falls back to its {@code -D} property. */
	@ObjectClassDefinition(name = "PluginKit hot-deploy folder", description = "How the plugins folder is watched.")
	public @interface Config {
		@AttributeDefinition(description = "How often the folder is looked at, in milliseconds (at least 10)")
		long pluginkit_deploy_poll_millis() default DEFAULT_POLL_MILLIS;

		@AttributeDefinition(description = "How long a jar that is not complete may stay unchanged before it is"
			+ " reported as corrupt, in milliseconds (a copy that paused)")
		long pluginkit_deploy_incomplete_grace_millis() default FolderScanner.DEFAULT_INCOMPLETE_GRACE_MILLIS;
	}

	private static final Logger LOG = LoggerFactory.getLogger(HotDeployWatcher.class);
	static final long DEFAULT_POLL_MILLIS = 250;
	static final String POLL = "pluginkit.deploy.poll.millis";
	static final String GRACE = "pluginkit.deploy.incomplete.grace.millis";

	private final PluginRegistry registry;
	private final Path folder;
	private final FolderScanner scanner = new FolderScanner();
	private final FolderInstaller installer;
	private final PluginJar content;
	private final AtomicBoolean nameFreed = new AtomicBoolean();
	/** Where {@link FolderStamps} are kept: the runtime's data area in the framework cache they describe. */
	private final Path stampsFile;
	/** The installed jars as their bundles hold them: what the stamps file says after each change. */
	private final Map<String, Known> installedStamps = new HashMap<>();
	private final Consumer<PluginStateEvent> listener = this::pluginChanged;
	private final BundleContext context;
	private ScheduledExecutorService poller;
	private long pollMillis = DEFAULT_POLL_MILLIS;

	@Activate
	public HotDeployWatcher(BundleContext context, @Reference PluginRegistry registry,
		@Reference FolderProblems problems, Map<String, Object> configuration) {
		this.context = context;
		this.registry = registry;
		this.folder = Settings.from(context).pluginsDir();
		this.installer = new FolderInstaller(registry, problems);
		this.content = new PluginJar(folder);
		java.io.File data = context.getDataFile(FolderStamps.class.getSimpleName().toLowerCase(java.util.Locale.ROOT) + ".properties");
		this.stampsFile = data == null ? null : data.toPath();
		registry.addListener(listener);
		modified(configuration);
	}

	/** A changed configuration applies at once: the next poll comes at the new interval. */
	@Modified
	synchronized void modified(Map<String, Object> configuration) {
		long poll = setting(configuration, POLL, DEFAULT_POLL_MILLIS, 10);
		scanner.incompleteGrace(setting(configuration, GRACE, FolderScanner.DEFAULT_INCOMPLETE_GRACE_MILLIS, 0));
		if (poll != pollMillis) {
			pollMillis = poll;
			if (poller != null) {
				poller.shutdownNow();
				poller = null;
				startPolling();
			}
		}
	}

	private long setting(Map<String, Object> configuration, String key, long fallback, long min) {
		String value = Configured.value(configuration, context, key);
		if (value == null) {
			return fallback;
		}
		try {
			long parsed = Long.parseLong(value);
			if (parsed >= min) {
				return parsed;
			}
		} catch (NumberFormatException e) {
			// said below
		}
		LOG.warn("{}={} is not a whole number of at least {}: using {}", key, value, min, fallback);
		return fallback;
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
		// a kept framework cache: the jars installed before and unchanged since are not read again
		Map<String, Known> stamps = FolderStamps.load(stampsFile);
		for (Path jar : registry.folderBundles().keySet()) {
			String name = folder.relativize(jar).toString();
			Known known = stamps.get(name);
			if (known != null) {
				scanner.remember(name, known);
				installedStamps.put(name, known);
			}
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
			poller.scheduleWithFixedDelay(this::poll, pollMillis, pollMillis, TimeUnit.MILLISECONDS);
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
		boolean changed = false;
		for (Decision d : decisions) {
			Path file = d.file() == null ? null : folder.resolve(d.file());
			switch (d.action()) {
				case FOLDER_PROBLEM -> installer.folderProblem(folder, d.reason());
				case FOLDER_BACK -> installer.folderBack(folder);
				case PROBLEM -> installer.problem(file, d.reason());
				case CLEAR -> installer.clear(file);
				case UNINSTALL -> {
					if (installer.uninstall(file, installed.get(d.file()))) {
						nameFreed.set(true);
						installedStamps.remove(d.file());
						changed = true;
					} // else refused until the cluster store is back: the next look asks again
				}
				case INSTALL, UPDATE -> jars.add(d);
				case WAIT -> {
					// looked at again at the next poll
				}
			}
		}
		changed |= !jars.isEmpty();
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
		if (changed) {
			saveStamps();
		}
	}

	private void saveStamps() {
		try {
			FolderStamps.save(stampsFile, installedStamps);
		} catch (IOException | RuntimeException e) {
			LOG.debug("cannot save {}: {}", stampsFile, e.toString()); // the next start reads the jars again
		}
	}

	private void act(Decision d, Map<String, Bundle> installed) {
		Path jar = folder.resolve(d.file());
		Outcome outcome = d.action() == Action.INSTALL ? installer.install(jar)
			: installer.update(jar, installed.get(d.file()));
		if (outcome != Outcome.DONE) {
			scanner.refused(d.file(), outcome != Outcome.REFUSED);
			if (outcome == Outcome.REFUSED_UNTIL_STORE_BACK) {
				nameFreed.set(true); // look again at the next poll: the store may be back
			}
		} else {
			Known known = scanner.known(d.file());
			if (known != null) {
				installedStamps.put(d.file(), known);
			} else {
				installedStamps.remove(d.file());
			}
		}
	}
}
