package io.pluginkit.runtime.internal.state;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.pluginkit.runtime.internal.settings.Settings;
import io.pluginkit.spi.state.ArchivedBundle;
import io.pluginkit.spi.state.BundleArchive;

/**
 * The install order and the kept jars in {@code <data>}: {@code bundles.properties} holds, per
 * bundle, {@code bundle.<id>.location} and {@code .seq} (its place in the install order), and for a
 * kept copy {@code .jar} (the copy under {@code <data>/bundles/}) and {@code .sha256} (to tell a
 * corrupt copy). {@code <id>} is a hash of the location.
 * <p>
 * Earlier versions kept these entries in {@code state.properties} (bundles of the hot-deploy folder
 * with {@code .seq} only, keyed by the hash of a location they did not write); such a folder is
 * read as it is, the hot-deploy folder's jars giving those entries their location back, and the
 * first write moves the entries to {@code bundles.properties}.
 * <p>
 * Readers get an immutable snapshot and never wait; writers take turns and publish only what is on
 * disk. A new copy of a jar is written beside the earlier one and the earlier one removed only once
 * the index points to the new one, so a failed {@link #keep} leaves the earlier copy in use.
 */
@Component(service = BundleArchive.class)
public final class FileBundleArchive implements BundleArchive {

	static final String FILE = "bundles.properties";
	private static final String PREFIX = "bundle.";
	private static final String COMMENT = "PluginKit install order and kept jars: bundle.<id>.location and .seq;"
		+ " .jar and .sha256 for a kept copy";
	private static final String COPY_NAME = "[0-9a-f]{24}(-1)?\\.jar";

	/** One bundle: {@code jar} (relative to the data folder) and {@code sha256} are null when no copy is kept. */
	record Entry(String location, long sequence, String jar, String sha256) {
		ArchivedBundle view() {
			return new ArchivedBundle(location, sequence, jar != null);
		}
	}

	/**
	 * What was last saved. {@code orphans} are entries of earlier versions with a place in the order
	 * but no location (by id): adopted when their location is recorded again. {@code others} are
	 * entries this version does not know, kept as they are.
	 */
	record Index(Map<String, Entry> byLocation, Map<String, Long> orphans, Map<String, String> others,
		List<ArchivedBundle> order, long lastSequence) {

		static Index of(Map<String, Entry> byLocation, Map<String, Long> orphans, Map<String, String> others) {
			List<ArchivedBundle> order = new ArrayList<>(byLocation.size());
			long last = 0;
			for (Entry e : byLocation.values()) {
				order.add(e.view());
				last = Math.max(last, e.sequence());
			}
			for (long seq : orphans.values()) {
				last = Math.max(last, seq);
			}
			order.sort(Comparator.comparingLong(ArchivedBundle::sequence).thenComparing(ArchivedBundle::location));
			return new Index(Map.copyOf(byLocation), Map.copyOf(orphans), Map.copyOf(others), List.copyOf(order), last);
		}
	}

	private final DataFolder folder;
	private final Path file;
	private final Path bundles;
	private final Object writing = new Object();
	private volatile Index index;

	@Activate
	public FileBundleArchive(BundleContext context, @Reference(target = DataFolder.FILE_STORE) DataFolder folder) {
		this(folder, Settings.from(context).pluginsDir());
	}

	/**
	 * Opens the archive of a data folder that {@link DataFolderGate} has checked; reads only.
	 *
	 * @param pluginsDir the hot-deploy folder, whose jars give the entries of earlier versions their
	 *            location
	 * @throws UncheckedIOException when the index was damaged since the check
	 */
	FileBundleArchive(DataFolder folder, Path pluginsDir) {
		this.folder = folder;
		this.file = folder.file(FILE);
		this.bundles = folder.file(DataFolder.BUNDLES);
		try {
			this.index = read(folder, pluginsDir);
		} catch (IOException e) {
			throw new UncheckedIOException(e.getMessage(), e);
		}
	}

	/** Whether a key of a properties file is one of this archive's. */
	static boolean isEntry(String key) {
		return key.startsWith(PREFIX);
	}

	/**
	 * Reads and checks the index: {@code bundles.properties}, or the entries of earlier versions in
	 * {@code state.properties} when there is none yet.
	 *
	 * @throws IOException when it cannot be read or is damaged (the message says how; the file is
	 *             left as it is)
	 */
	static Index read(DataFolder folder, Path pluginsDir) throws IOException {
		Path own = folder.file(FILE);
		boolean earlier = !Files.exists(own);
		Path source = earlier ? folder.file(FileStateStore.FILE) : own;
		Path bundles = folder.file(DataFolder.BUNDLES);
		Map<String, Map<String, String>> groups = new TreeMap<>();
		Map<String, String> others = new TreeMap<>();
		for (Map.Entry<String, String> e : PropertiesFile.read(source).entrySet()) {
			String key = e.getKey();
			int dot = key.lastIndexOf('.');
			String field = dot > PREFIX.length() ? key.substring(dot + 1) : "";
			if (isEntry(key) && List.of("location", "seq", "jar", "sha256").contains(field)) {
				groups.computeIfAbsent(key.substring(0, dot), k -> new HashMap<>()).put(field, e.getValue());
			} else if (!earlier) {
				others.put(key, e.getValue()); // in state.properties, the rest is the state store's
			}
		}
		Map<String, Entry> byLocation = new HashMap<>();
		Map<String, Long> orphans = new HashMap<>();
		for (Map.Entry<String, Map<String, String>> g : groups.entrySet()) {
			String id = g.getKey();
			String location = g.getValue().get("location");
			String seq = g.getValue().get("seq");
			String jar = g.getValue().get("jar");
			String sha = g.getValue().get("sha256");
			if (seq != null && !seq.matches("\\d{1,18}")) {
				throw PropertiesFile.damaged(source, id + ".seq is '" + seq + "', not a sequence number");
			}
			if (jar != null) {
				Path copy = folder.path().resolve(jar).normalize();
				if (!copy.startsWith(bundles) || copy.equals(bundles)) {
					throw PropertiesFile.damaged(source, id + ".jar is '" + jar + "', not a file in " + bundles);
				}
			}
			if (sha != null && !sha.matches("[0-9a-f]{64}")) {
				throw PropertiesFile.damaged(source, id + ".sha256 is '" + sha + "', not a SHA-256 in hex");
			}
			if (location == null) {
				if (jar != null || sha != null || seq == null) {
					throw PropertiesFile.damaged(source, id + ".location is missing");
				}
				orphans.put(id, Long.parseLong(seq)); // a folder bundle of an earlier version
			} else {
				if (earlier && jar == null) {
					throw PropertiesFile.damaged(source, id + ".jar is missing for the stored bundle " + location);
				}
				byLocation.put(location, new Entry(location, seq == null ? 0 : Long.parseLong(seq), jar, sha));
			}
		}
		adoptFolderJars(orphans, byLocation, pluginsDir);
		return Index.of(byLocation, orphans, others);
	}

	/** Gives the orphans of earlier versions their location: the hot-deploy folder's jars they were recorded for. */
	private static void adoptFolderJars(Map<String, Long> orphans, Map<String, Entry> byLocation, Path pluginsDir) {
		if (orphans.isEmpty() || pluginsDir == null || !Files.isDirectory(pluginsDir)) {
			return;
		}
		try (DirectoryStream<Path> jars = Files.newDirectoryStream(pluginsDir, "*.jar")) {
			for (Path jar : jars) {
				String location = jar.toAbsolutePath().normalize().toUri().toString();
				Long seq = orphans.remove(id(location));
				if (seq != null) {
					byLocation.putIfAbsent(location, new Entry(location, seq, null, null));
				}
			}
		} catch (IOException e) {
			// not now: an orphan is adopted when its location is recorded again
		}
	}

	/**
	 * Removes the copies under {@code <data>/bundles} that the index does not name: a crash between
	 * writing a copy and saving the index leaves one.
	 */
	static int removeUnreferencedCopies(DataFolder folder, Index index) {
		Path bundles = folder.file(DataFolder.BUNDLES);
		Set<Path> referenced = new HashSet<>();
		for (Entry e : index.byLocation().values()) {
			if (e.jar() != null) {
				referenced.add(folder.path().resolve(e.jar()).normalize());
			}
		}
		return AtomicFile.removeLeftovers(bundles,
			p -> p.getFileName().toString().matches(COPY_NAME) && !referenced.contains(p.normalize()));
	}

	@Override
	public List<ArchivedBundle> bundles() {
		return index.order();
	}

	@Override
	public void recordInstalls(Collection<String> locations) throws IOException {
		synchronized (writing) {
			Index now = index;
			Map<String, Entry> byLocation = null;
			Map<String, Long> orphans = null;
			long last = now.lastSequence();
			for (String location : locations) {
				if (now.byLocation().containsKey(location) || byLocation != null && byLocation.containsKey(location)) {
					continue;
				}
				if (byLocation == null) {
					byLocation = new HashMap<>(now.byLocation());
					orphans = new HashMap<>(now.orphans());
				}
				Long earlier = orphans.remove(id(location));
				byLocation.put(location, new Entry(location, earlier != null ? earlier : ++last, null, null));
			}
			if (byLocation == null) {
				return;
			}
			int added = byLocation.size() - now.byLocation().size();
			save(Index.of(byLocation, orphans, now.others()),
				added == 1 ? "the place in the install order of " + locations.iterator().next()
					: "the place in the install order of " + added + " bundles");
		}
	}

	/**
	 * {@inheritDoc}
	 * <p>
	 * The jar streams into a temp file without holding up other writes (it may be a download);
	 * only naming it and saving the index take turns with them.
	 */
	@Override
	public void keep(String location, InputStream jar) throws IOException {
		String id = id(location).substring(PREFIX.length());
		MessageDigest sha = sha256();
		Path[] staged = new Path[1];
		folder.save("a copy of " + location, bundles, () -> {
			Files.createDirectories(bundles);
			staged[0] = AtomicFile.stage(bundles, id + ".jar", out -> copy(jar, out, sha));
		});
		try {
			synchronized (writing) {
				Index now = index;
				Entry earlier = now.byLocation().get(location);
				String name = DataFolder.BUNDLES + "/" + id + ".jar";
				if (earlier != null && name.equals(earlier.jar())) {
					name = DataFolder.BUNDLES + "/" + id + "-1.jar"; // beside the copy in use, which stays until the index moves on
				}
				Path copy = folder.path().resolve(name);
				folder.save("a copy of " + location, bundles, () -> AtomicFile.commit(staged[0], copy));
				Map<String, Entry> byLocation = new HashMap<>(now.byLocation());
				Map<String, Long> orphans = new HashMap<>(now.orphans());
				long sequence;
				if (earlier != null) {
					sequence = earlier.sequence();
				} else {
					Long orphan = orphans.remove(PREFIX + id);
					sequence = orphan != null ? orphan : now.lastSequence() + 1;
				}
				byLocation.put(location, new Entry(location, sequence, name, HexFormat.of().formatHex(sha.digest())));
				try {
					save(Index.of(byLocation, orphans, now.others()), "the kept copy of " + location);
				} catch (IOException e) {
					deleteQuietly(copy);
					throw e;
				}
				if (earlier != null && earlier.jar() != null) {
					deleteQuietly(folder.path().resolve(earlier.jar()));
				}
			}
		} finally {
			deleteQuietly(staged[0]); // gone already when committed
		}
	}

	@Override
	public InputStream open(String location) throws IOException {
		Entry e = index.byLocation().get(location);
		if (e == null || e.jar() == null) {
			throw new NoSuchFileException(location, null, "no copy of it is kept in " + bundles);
		}
		Path copy = folder.path().resolve(e.jar());
		if (!Files.isRegularFile(copy)) {
			throw new NoSuchFileException(copy.toString(), null,
				"the kept copy of " + location + " is missing; install the plugin again");
		}
		String problem;
		try {
			problem = e.sha256() == null ? zipProblem(copy)
				: e.sha256().equals(sha256(copy)) ? null : "its content changed since it was kept (its SHA-256 differs)";
			if (problem == null) {
				return Files.newInputStream(copy);
			}
		} catch (NoSuchFileException gone) {
			throw new NoSuchFileException(copy.toString(), null,
				"the kept copy of " + location + " is missing; install the plugin again");
		} catch (IOException io) {
			throw new IOException("cannot read the kept copy " + copy + " of " + location + ": " + DataFolder.reason(io), io);
		}
		throw new IOException("the kept copy " + copy + " of " + location + " is corrupt: " + problem
			+ "; install the plugin again");
	}

	/** Copies kept by earlier versions have no SHA-256: a jar that opens is taken as intact. */
	private static String zipProblem(Path copy) throws IOException {
		try (ZipFile zip = new ZipFile(copy.toFile())) {
			return null;
		} catch (ZipException z) {
			return "not a complete jar (" + z.getMessage() + ")";
		}
	}

	@Override
	public void forget(String location) throws IOException {
		synchronized (writing) {
			Index now = index;
			Entry gone = now.byLocation().get(location);
			String id = id(location);
			if (gone == null && !now.orphans().containsKey(id)) {
				return;
			}
			Map<String, Entry> byLocation = new HashMap<>(now.byLocation());
			byLocation.remove(location);
			Map<String, Long> orphans = new HashMap<>(now.orphans());
			orphans.remove(id);
			save(Index.of(byLocation, orphans, now.others()), "forgetting " + location);
			if (gone != null && gone.jar() != null) {
				deleteQuietly(folder.path().resolve(gone.jar()));
			}
		}
	}

	/** Writes the index and publishes it: a failed write changes nothing. */
	private void save(Index next, String what) throws IOException {
		Map<String, String> entries = new TreeMap<>(next.others());
		for (Entry e : next.byLocation().values()) {
			String id = id(e.location());
			entries.put(id + ".location", e.location());
			entries.put(id + ".seq", Long.toString(e.sequence()));
			if (e.jar() != null) {
				entries.put(id + ".jar", e.jar());
			}
			if (e.sha256() != null) {
				entries.put(id + ".sha256", e.sha256());
			}
		}
		next.orphans().forEach((id, seq) -> entries.put(id + ".seq", Long.toString(seq)));
		folder.save(what, file, () -> PropertiesFile.write(file, entries, COMMENT));
		index = next;
	}

	/** {@code bundle.} and the first 12 bytes of the location's SHA-256, as earlier versions named it. */
	static String id(String location) {
		byte[] digest = sha256().digest(location.getBytes(StandardCharsets.UTF_8));
		return PREFIX + HexFormat.of().formatHex(digest, 0, 12);
	}

	/** Copies the jar, telling a failing source (a dropped download) from a failing data folder. */
	private static void copy(InputStream jar, OutputStream out, MessageDigest sha) throws IOException {
		byte[] buffer = new byte[64 * 1024];
		while (true) {
			int n;
			try {
				n = jar.read(buffer);
			} catch (IOException e) {
				throw new DataFolder.InputFailure(e);
			}
			if (n < 0) {
				return;
			}
			sha.update(buffer, 0, n);
			out.write(buffer, 0, n);
		}
	}

	private static String sha256(Path file) throws IOException {
		MessageDigest sha = sha256();
		try (InputStream in = new DigestInputStream(Files.newInputStream(file), sha)) {
			in.transferTo(OutputStream.nullOutputStream());
		}
		return HexFormat.of().formatHex(sha.digest());
	}

	private static MessageDigest sha256() {
		try {
			return MessageDigest.getInstance("SHA-256");
		} catch (NoSuchAlgorithmException e) {
			throw new IllegalStateException(e);
		}
	}

	private static void deleteQuietly(Path file) {
		try {
			Files.deleteIfExists(file);
		} catch (IOException e) {
			// an unreferenced copy: removed at the next start
		}
	}
}
