package io.pluginkit.runtime.internal.state;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
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
import java.util.OptionalLong;
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

	/**
	 * A bundle installed outside the hot-deploy folder: its location, the copy of its jar and its
	 * place in the install order.
	 */
	public record StoredBundle(String location, Path jar, long sequence) {
	}

	private final Path dataDir;
	private final Path file;
	private final Path bundles;
	private final Map<String, String> entries = new TreeMap<>();

	@Activate
	public StateStore(BundleContext context) {
		this(Settings.from(context).dataDir(), context);
	}

	/**
	 * Opens the store in {@code dataDir}, creating the folder when missing.
	 *
	 * @throws UncheckedIOException when the folder or the file cannot be read
	 * @throws IllegalStateException when {@code state.properties} is damaged;
	 *             the file is left as it is so that nothing is lost
	 */
	public StateStore(Path dataDir) {
		this(dataDir, null);
	}

	/**
	 * PluginKit cannot run without its state (it would forget decisions and plugins): when the
	 * store of the running framework cannot be read, it is stopped with one clear line instead of an
	 * SCR stack trace and a silent runtime.
	 */
	private StateStore(Path dataDir, BundleContext running) {
		this.dataDir = dataDir;
		this.file = dataDir.resolve(FILE);
		this.bundles = dataDir.resolve("bundles");
		try {
			load();
		} catch (IllegalStateException | UncheckedIOException e) {
			if (running != null) {
				System.err.println("PluginKit cannot start: " + e.getMessage());
				new Thread(() -> {
					try {
						running.getBundle(0).stop();
					} catch (Exception ignored) {
						// already stopping
					}
				}, "pluginkit-stop").start();
			}
			throw e;
		}
	}

	private void load() {
		try {
			Files.createDirectories(bundles);
			removeTempFiles();
			if (Files.exists(file)) {
				Properties p = new Properties();
				try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
					p.load(in);
				} catch (IllegalArgumentException e) {
					throw damaged(e.getMessage());
				}
				p.forEach((k, v) -> entries.put((String) k, (String) v));
				check();
			}
		} catch (MalformedInputException e) {
			throw damaged("it is not UTF-8 text");
		} catch (IOException e) {
			throw new UncheckedIOException("cannot read the state store " + file + ": " + e.getMessage(), e);
		}
	}

	/** Temp files of a write that a crash interrupted: the write never returned, so they are not state. */
	private void removeTempFiles() throws IOException {
		for (Path dir : List.of(dataDir, bundles)) {
			try (DirectoryStream<Path> temps = Files.newDirectoryStream(dir,
				p -> p.getFileName().toString().matches("\\.(state-.*\\.tmp|incoming-.*\\.jar)"))) {
				for (Path temp : temps) {
					Files.deleteIfExists(temp);
				}
			}
		}
	}

	/** Rejects entries this store would misread later (a damaged or hand-edited file). */
	private void check() {
		for (Map.Entry<String, String> e : entries.entrySet()) {
			String k = e.getKey();
			String v = e.getValue();
			if (k.startsWith(DECISION) && !v.equals("enabled") && !v.equals("disabled")) {
				throw damaged(k + " is '" + v + "', not enabled or disabled");
			}
			if (k.startsWith(BUNDLE) && k.endsWith(".location")) {
				String key = k.substring(0, k.length() - ".location".length());
				String jar = entries.get(key + ".jar");
				if (jar == null) {
					throw damaged(key + ".jar is missing for the stored bundle " + v);
				}
				if (!dataDir.resolve(jar).normalize().startsWith(bundles.normalize())) {
					throw damaged(key + ".jar is '" + jar + "', not a file in " + bundles);
				}
			}
			if (k.startsWith(BUNDLE) && k.endsWith(".seq") && !v.matches("\\d{1,18}")) {
				throw damaged(k + " is '" + v + "', not a sequence number");
			}
		}
	}

	private IllegalStateException damaged(String detail) {
		return new IllegalStateException("the state store " + file + " is damaged: " + detail
			+ "; correct or remove that entry (or restore a backup) and start again; the file was left as it is");
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

	/** Every decision (temporary, for the SPI adapter). */
	public synchronized Map<String, Boolean> decisions() {
		Map<String, Boolean> result = new TreeMap<>();
		entries.forEach((k, v) -> {
			if (k.startsWith(DECISION)) {
				result.put(k.substring(DECISION.length()), "enabled".equals(v));
			}
		});
		return Map.copyOf(result);
	}

	/** Every archived bundle in order (temporary, for the SPI adapter). */
	public synchronized List<io.pluginkit.spi.state.ArchivedBundle> archived() {
		List<io.pluginkit.spi.state.ArchivedBundle> result = new ArrayList<>();
		for (String k : entries.keySet()) {
			if (k.startsWith(BUNDLE) && k.endsWith(".seq")) {
				String key = k.substring(0, k.length() - 4);
				String loc = entries.get(key + ".location");
				if (loc == null) {
					loc = entries.get(key + ".at");
				}
				if (loc != null) {
					result.add(new io.pluginkit.spi.state.ArchivedBundle(loc, Long.parseLong(entries.get(k)), entries.containsKey(key + ".jar")));
				}
			}
		}
		result.sort(Comparator.comparingLong(io.pluginkit.spi.state.ArchivedBundle::sequence));
		return List.copyOf(result);
	}

	/** Records an admin decision; returns whether it changed anything. */
	public synchronized boolean recordDecision(String plugin, boolean enabled) {
		String value = enabled ? "enabled" : "disabled";
		if (value.equals(entries.get(DECISION + plugin))) {
			return false;
		}
		Map<String, String> next = new TreeMap<>(entries);
		next.put(DECISION + plugin, value);
		save(next);
		return true;
	}

	/** Forgets the admin decision for a plugin (it was uninstalled). */
	public synchronized void forgetDecision(String plugin) {
		if (entries.containsKey(DECISION + plugin)) {
			Map<String, String> next = new TreeMap<>(entries);
			next.remove(DECISION + plugin);
			save(next);
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
			result.add(new StoredBundle(entries.get(k + ".location"), dataDir.resolve(entries.get(k + ".jar")),
				Long.parseLong(entries.getOrDefault(k + ".seq", "0"))));
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
			Map<String, String> next = new TreeMap<>(entries);
			// the sequence number keeps install order across restarts
			next.putIfAbsent(key + ".seq", Long.toString(nextSequence()));
			next.put(key + ".location", location);
			next.put(key + ".jar", dataDir.relativize(jar).toString());
			save(next);
			return new StoredBundle(location, jar, Long.parseLong(next.get(key + ".seq")));
		}
	}

	/**
	 * Gives a bundle installed from the hot-deploy folder its place in the install order (kept when
	 * it already has one), so that a restart installs everything in the order it first came.
	 */
	public synchronized void recordInstall(String location) {
		String key = key(location);
		if (!entries.containsKey(key + ".seq")) {
			Map<String, String> next = new TreeMap<>(entries);
			next.put(key + ".at", location);
			next.put(key + ".seq", Long.toString(nextSequence()));
			save(next);
		}
	}

	/** {@link #recordInstall} for many, in one write. */
	public synchronized void recordInstalls(java.util.Collection<String> locations) {
		Map<String, String> next = new TreeMap<>(entries);
		long seq = nextSequence();
		for (String location : locations) {
			String key = key(location);
			if (!next.containsKey(key + ".seq")) {
				next.put(key + ".seq", Long.toString(seq++));
				next.put(key + ".at", location);
			}
		}
		save(next);
	}

	/** A bundle's place in the install order, if PluginKit installed it. */
	public synchronized OptionalLong installSequence(String location) {
		String seq = entries.get(key(location) + ".seq");
		return seq == null ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(seq));
	}

	/** Forgets a bundle (its place in the install order, and its copy if it is a stored one). */
	public void forgetBundle(String location) {
		Path jar;
		synchronized (this) {
			String key = key(location);
			String rel = entries.get(key + ".jar");
			if (rel == null && !entries.containsKey(key + ".seq")) {
				return;
			}
			Map<String, String> next = new TreeMap<>(entries);
			next.remove(key + ".jar");
			next.remove(key + ".location");
			next.remove(key + ".seq");
			next.remove(key + ".at");
			save(next);
			if (rel == null) {
				return;
			}
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

	/** Writes {@code next} and only then makes it the current state, so a failed write changes nothing. */
	private void save(Map<String, String> next) {
		Properties p = new Properties();
		p.putAll(next);
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
			entries.clear();
			entries.putAll(next);
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
