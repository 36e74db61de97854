package io.pluginkit.runtime.internal.deploy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.pluginkit.runtime.internal.registry.PluginException;
import io.pluginkit.runtime.internal.registry.PluginRegistry;
import io.pluginkit.runtime.internal.settings.Settings;

/**
 * The hot-deploy folder: a dropped jar is installed (and enabled per the
 * precedence), a changed jar updates its plugin in place, a deleted jar
 * uninstalls it.
 * <p>
 * The folder is polled. A jar is only acted on once its size and modification
 * time have stayed the same for one poll and it reads as a complete jar, so a
 * jar still being copied is left alone; an incomplete jar is reported as corrupt
 * only after it has not changed for {@value #INCOMPLETE_GRACE_MILLIS} ms. A jar
 * that cannot become a plugin (corrupt, not a bundle, duplicate name) is
 * reported once and tried again only when the file changes.
 */
@Component(service = HotDeployWatcher.class)
public final class HotDeployWatcher {

	private static final Logger LOG = LoggerFactory.getLogger(HotDeployWatcher.class);
	static final long POLL_MILLIS = 250;
	/** How long an incomplete jar may stay unchanged before it is reported as corrupt. */
	static final long INCOMPLETE_GRACE_MILLIS = 5_000;

	/** What a jar looked like at a poll: enough to see that it changed or is still changing. */
	record Stamp(long size, long modified) {
	}

	/** The folder's jars as last acted on. */
	private record Seen(Stamp stamp, String sha256) {
	}

	private final PluginRegistry registry;
	private final Path folder;
	private final Map<Path, Stamp> lastPoll = new HashMap<>();
	private final Map<Path, Seen> acted = new HashMap<>();
	private ScheduledExecutorService poller;

	@Activate
	public HotDeployWatcher(BundleContext context, @Reference PluginRegistry registry) {
		this.registry = registry;
		this.folder = Settings.from(context).pluginsDir();
	}

	/** The folder being watched. */
	public Path folder() {
		return folder;
	}

	/**
	 * Installs what is in the folder now and uninstalls folder plugins whose
	 * jar is gone, without waiting for files to settle. Called once at startup.
	 */
	public synchronized void initialScan() {
		try {
			Files.createDirectories(folder);
		} catch (IOException e) {
			LOG.error("hot-deploy folder {} cannot be created: {}", folder, e.getMessage());
			return;
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

	private void scan(boolean initial) {
		Map<Path, Stamp> now = list();
		Map<Path, Bundle> installed = registry.folderBundles();

		// deleted jars: uninstall their plugins
		for (Map.Entry<Path, Bundle> e : installed.entrySet()) {
			if (!now.containsKey(e.getKey())) {
				acted.remove(e.getKey());
				try {
					registry.uninstallFromFolder(e.getValue());
					LOG.info("hot-deploy: {} was removed; its plugin was uninstalled", e.getKey().getFileName());
				} catch (PluginException ex) {
					LOG.error("hot-deploy: {}", ex.getMessage());
				}
			}
		}
		for (Path gone : new java.util.ArrayList<>(acted.keySet())) {
			if (!now.containsKey(gone)) {
				acted.remove(gone);
				registry.clearFileProblem(gone.toUri().toString());
			}
		}

		List<Map.Entry<Path, Stamp>> jars = new ArrayList<>(now.entrySet());
		Map<Path, Long> sequences = new HashMap<>();
		if (initial) {
			// at startup: in the order they were first installed (new ones last, by name), with the
			// bundles kept by the state store interleaved, so that install order survives a restart
			for (Path jar : now.keySet()) {
				sequences.put(jar, registry.installSequence(jar).orElse(Long.MAX_VALUE));
			}
			jars.sort(Comparator.comparingLong((Map.Entry<Path, Stamp> e) -> sequences.get(e.getKey()))
				.thenComparing(Map.Entry::getKey));
		}
		for (Map.Entry<Path, Stamp> e : jars) {
			Path jar = e.getKey();
			Stamp stamp = e.getValue();
			if (initial) {
				registry.restoreStoredBundles(sequences.get(jar));
			}
			Seen seen = acted.get(jar);
			if (seen != null && seen.stamp().equals(stamp)) {
				continue; // unchanged since we last acted
			}
			boolean settled = initial || stamp.equals(lastPoll.get(jar));
			if (!settled) {
				continue; // still being written, or just appeared: look again next poll
			}
			String sha = sha256(jar);
			if (sha == null) {
				continue; // vanished while reading
			}
			Bundle bundle = installed.get(jar);
			if (seen != null && sha.equals(seen.sha256()) && bundle != null) {
				acted.put(jar, new Seen(stamp, sha)); // touched or re-copied, same content: nothing to do
				continue;
			}
			if (!PluginJar.isComplete(jar) && System.currentTimeMillis() - stamp.modified() < INCOMPLETE_GRACE_MILLIS) {
				// most likely a copy that paused (a slow disk or network): wait for it before calling it corrupt
				continue;
			}
			acted.put(jar, new Seen(stamp, sha));
			try {
				Path file = jar.getFileName();
				if (bundle == null) {
					registry.installFromFolder(jar).ifPresentOrElse(
						p -> LOG.info("hot-deploy: installed {} as plugin '{}' ({})", file, p.name(), p.state()),
						() -> LOG.info("hot-deploy: installed {} as a library (no Plugin-Name)", file));
				} else {
					registry.updateFromFolder(bundle, jar).ifPresentOrElse(
						p -> LOG.info("hot-deploy: updated plugin '{}' from {} ({})", p.name(), file, p.state()),
						() -> LOG.info("hot-deploy: updated library from {}", file));
				}
			} catch (PluginException ex) {
				// already reported by the registry as a folder problem; retried when the file changes
			}
		}
		lastPoll.clear();
		lastPoll.putAll(now);
	}

	private Map<Path, Stamp> list() {
		Map<Path, Stamp> result = new TreeMap<>();
		if (!Files.isDirectory(folder)) {
			return result;
		}
		try (DirectoryStream<Path> files = Files.newDirectoryStream(folder, "*.jar")) {
			for (Path p : files) {
				String name = p.getFileName().toString();
				if (name.startsWith(".")) {
					continue; // hidden: an editor's or a copier's temporary file
				}
				try {
					BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class);
					if (a.isRegularFile()) {
						result.put(p.toAbsolutePath().normalize(), new Stamp(a.size(), a.lastModifiedTime().toMillis()));
					}
				} catch (IOException e) {
					// vanished between listing and reading: next poll sees it gone
				}
			}
		} catch (IOException e) {
			LOG.error("hot-deploy folder {} cannot be read: {}", folder, e.getMessage());
		}
		return result;
	}

	static String sha256(Path file) {
		try (InputStream in = new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
			in.transferTo(java.io.OutputStream.nullOutputStream());
			return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
		} catch (IOException e) {
			return null;
		} catch (NoSuchAlgorithmException e) {
			throw new IllegalStateException(e);
		}
	}
}
