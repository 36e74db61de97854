package io.pluginkit.runtime.internal.state;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

import io.pluginkit.runtime.internal.settings.Settings;

/**
 * The embedded file store in {@code <data>}: admin decisions (enabled or
 * disabled, by plugin name) and the bundles installed from outside the
 * hot-deploy folder (shell, admin API, plain Felix {@code install}), with a copy
 * of their jar so they come back after a restart.
 * <p>
 * Every change rewrites {@code state.properties} atomically (write to a temp
 * file, fsync, rename), so a crash or {@code kill -9} leaves either the old or
 * the new state, never a torn one.
 */
@Component(service = StateStore.class)
public final class StateStore {

	static final String FILE = "state.properties";
	private static final String DECISION = "decision.";
	private static final String BUNDLE = "bundle.";

	/** A bundle installed outside the hot-deploy folder: its location and the copy of its jar. */
	public record StoredBundle(String location, Path jar) {
	}

	private final Path dataDir;
	private final Path file;
	private final Path bundles;
	private final Map<String, String> entries = new TreeMap<>();

	@Activate
	public StateStore(BundleContext context) {
		this(Settings.from(context).dataDir());
	}

	public StateStore(Path dataDir) {
		this.dataDir = dataDir;
		this.file = dataDir.resolve(FILE);
		this.bundles = dataDir.resolve("bundles");
		try {
			Files.createDirectories(bundles);
			if (Files.exists(file)) {
				Properties p = new Properties();
				try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
					p.load(in);
				}
				p.forEach((k, v) -> entries.put((String) k, (String) v));
			}
		} catch (IOException e) {
			throw new UncheckedIOException("cannot read the state store " + file + ": " + e.getMessage(), e);
		}
	}

	/** The data directory this store lives in. */
	public Path dataDir() {
		return dataDir;
	}

	/** The admin decision for a plugin: {@code true} enabled, {@code false} disabled, empty when none. */
	public synchronized Optional<Boolean> decision(String plugin) {
		String value = entries.get(DECISION + plugin);
		return value == null ? Optional.empty() : Optional.of("enabled".equals(value));
	}

	/** Records an admin decision; returns whether it changed anything. */
	public synchronized boolean recordDecision(String plugin, boolean enabled) {
		String value = enabled ? "enabled" : "disabled";
		if (value.equals(entries.put(DECISION + plugin, value))) {
			return false;
		}
		save();
		return true;
	}

	/** Forgets the admin decision for a plugin (it was uninstalled). */
	public synchronized void forgetDecision(String plugin) {
		if (entries.remove(DECISION + plugin) != null) {
			save();
		}
	}

	/** The bundles installed from outside the hot-deploy folder, in install order. */
	public synchronized List<StoredBundle> storedBundles() {
		List<String> keys = new ArrayList<>();
		for (String k : entries.keySet()) {
			if (k.startsWith(BUNDLE) && k.endsWith(".location")) {
				keys.add(k.substring(0, k.length() - ".location".length()));
			}
		}
		keys.sort(Comparator.comparingLong(k -> Long.parseLong(entries.getOrDefault(k + ".seq", "0"))));
		List<StoredBundle> result = new ArrayList<>();
		for (String k : keys) {
			result.add(new StoredBundle(entries.get(k + ".location"), dataDir.resolve(entries.get(k + ".jar"))));
		}
		return result;
	}

	/** Whether a bundle with this location is kept by the store. */
	public synchronized boolean isStored(String location) {
		return entries.containsKey(key(location) + ".location");
	}

	/**
	 * Keeps a copy of a bundle's jar under {@code <data>/bundles} so that it is
	 * installed again at the next start. Replaces an earlier copy for the same
	 * location.
	 */
	public StoredBundle storeBundle(String location, InputStream content) throws IOException {
		String key = key(location);
		Path jar = bundles.resolve(key.substring(BUNDLE.length()) + ".jar");
		Path tmp = Files.createTempFile(bundles, ".incoming-", ".jar");
		try {
			Files.copy(content, tmp, StandardCopyOption.REPLACE_EXISTING);
			force(tmp);
			move(tmp, jar);
		} finally {
			Files.deleteIfExists(tmp);
		}
		synchronized (this) {
			// the sequence number keeps install order across restarts
			entries.putIfAbsent(key + ".seq", Long.toString(nextSequence()));
			entries.put(key + ".location", location);
			entries.put(key + ".jar", dataDir.relativize(jar).toString());
			save();
		}
		return new StoredBundle(location, jar);
	}

	/** Forgets a stored bundle and deletes its copy. */
	public void forgetBundle(String location) {
		Path jar;
		synchronized (this) {
			String key = key(location);
			String rel = entries.remove(key + ".jar");
			entries.remove(key + ".location");
			entries.remove(key + ".seq");
			if (rel == null) {
				return;
			}
			save();
			jar = dataDir.resolve(rel);
		}
		try {
			Files.deleteIfExists(jar);
		} catch (IOException e) {
			// a stale copy is harmless: it is no longer referenced
		}
	}

	private long nextSequence() {
		long max = 0;
		for (Map.Entry<String, String> e : entries.entrySet()) {
			if (e.getKey().startsWith(BUNDLE) && e.getKey().endsWith(".seq")) {
				max = Math.max(max, Long.parseLong(e.getValue()));
			}
		}
		return max + 1;
	}

	private static String key(String location) {
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256").digest(location.getBytes(StandardCharsets.UTF_8));
			return BUNDLE + HexFormat.of().formatHex(digest, 0, 12);
		} catch (NoSuchAlgorithmException e) {
			throw new IllegalStateException(e);
		}
	}

	private void save() {
		Properties p = new Properties();
		p.putAll(entries);
		try {
			Path tmp = Files.createTempFile(dataDir, ".state-", ".tmp");
			try {
				try (OutputStream out = Files.newOutputStream(tmp)) {
					p.store(out, "PluginKit state: admin decisions and plugins installed outside the hot-deploy folder");
				}
				force(tmp);
				move(tmp, file);
			} finally {
				Files.deleteIfExists(tmp);
			}
		} catch (IOException e) {
			throw new UncheckedIOException("cannot write the state store " + file + ": " + e.getMessage(), e);
		}
	}

	private static void force(Path path) throws IOException {
		try (FileChannel channel = FileChannel.open(path, StandardOpenOption.WRITE)) {
			channel.force(true);
		}
	}

	private static void move(Path from, Path to) throws IOException {
		try {
			Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
		} catch (AtomicMoveNotSupportedException e) {
			Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
		}
	}
}
