package io.pluginkit.runtime.internal.state;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.pluginkit.spi.state.DecisionListener;
import io.pluginkit.spi.state.StateStore;

/**
 * The admin decisions in {@code <data>/state.properties}, one line per plugin:
 * {@code decision.<name>=enabled|disabled}.
 * <p>
 * Readers get an immutable snapshot from a volatile field and never wait; writers take turns, write
 * the whole file through {@link AtomicFile} and publish the new snapshot only once it is on disk, so
 * a write that throws changes nothing. Entries this version does not know are kept as they are. The
 * {@code bundle.*} entries that earlier versions kept in this file belong to the
 * {@link FileBundleArchive}; they are dropped here once the archive has moved them to its own file.
 */
@Component(service = StateStore.class)
public final class FileStateStore implements StateStore {

	static final String FILE = "state.properties";
	private static final String DECISION = "decision.";
	private static final String COMMENT = "PluginKit admin decisions: decision.<plugin>=enabled|disabled";

	/** What was last saved: the decisions, and the file's other entries, kept as they were. */
	record Snapshot(Map<String, Boolean> decisions, Map<String, String> others) {
	}

	private final DataFolder folder;
	private final Path file;
	private final Object writing = new Object();
	private final List<DecisionListener> listeners = new CopyOnWriteArrayList<>();
	private volatile Snapshot snapshot;

	/**
	 * Opens the store of a data folder that {@link DataFolderGate} has checked; reads only.
	 *
	 * @throws UncheckedIOException when the file was damaged since the check
	 */
	@Activate
	public FileStateStore(@Reference(target = DataFolder.FILE_STORE) DataFolder folder) {
		this.folder = folder;
		this.file = folder.file(FILE);
		try {
			this.snapshot = read(folder);
		} catch (IOException e) {
			throw new UncheckedIOException(e.getMessage(), e);
		}
	}

	/**
	 * Reads and checks {@code state.properties}: what the store starts from.
	 *
	 * @throws IOException when it cannot be read or is damaged (the message says how; the file is
	 *             left as it is)
	 */
	static Snapshot read(DataFolder folder) throws IOException {
		Path file = folder.file(FILE);
		Map<String, Boolean> decisions = new HashMap<>();
		Map<String, String> others = new TreeMap<>();
		for (Map.Entry<String, String> e : PropertiesFile.read(file).entrySet()) {
			String key = e.getKey();
			String value = e.getValue();
			if (key.startsWith(DECISION)) {
				if (!value.equals("enabled") && !value.equals("disabled")) {
					throw PropertiesFile.damaged(file, key + " is '" + value + "', not enabled or disabled");
				}
				decisions.put(key.substring(DECISION.length()), value.equals("enabled"));
			} else {
				others.put(key, value);
			}
		}
		return new Snapshot(Map.copyOf(decisions), others);
	}

	@Override
	public Map<String, Boolean> decisions() {
		return snapshot.decisions();
	}

	@Override
	public void recordDecision(String plugin, boolean enabled) throws IOException {
		synchronized (writing) {
			Snapshot now = snapshot;
			if (Boolean.valueOf(enabled).equals(now.decisions().get(plugin))) {
				return;
			}
			Map<String, Boolean> next = new HashMap<>(now.decisions());
			next.put(plugin, enabled);
			save(next, now.others(), "the decision '" + (enabled ? "enabled" : "disabled") + "' for plugin '" + plugin + "'");
		}
	}

	@Override
	public void forgetDecision(String plugin) throws IOException {
		synchronized (writing) {
			Snapshot now = snapshot;
			if (!now.decisions().containsKey(plugin)) {
				return;
			}
			Map<String, Boolean> next = new HashMap<>(now.decisions());
			next.remove(plugin);
			save(next, now.others(), "forgetting the decision for plugin '" + plugin + "'");
		}
	}

	private void save(Map<String, Boolean> decisions, Map<String, String> others, String what) throws IOException {
		Map<String, String> kept = others;
		if (Files.exists(folder.file(FileBundleArchive.FILE))) {
			kept = new TreeMap<>(others);
			kept.keySet().removeIf(FileBundleArchive::isEntry); // moved to bundles.properties
		}
		Map<String, String> entries = new TreeMap<>(kept);
		decisions.forEach((plugin, enabled) -> entries.put(DECISION + plugin, enabled ? "enabled" : "disabled"));
		folder.save(what, file, () -> PropertiesFile.write(file, entries, COMMENT));
		snapshot = new Snapshot(Map.copyOf(decisions), kept);
	}

	@Override
	public void addDecisionListener(DecisionListener listener) {
		listeners.add(listener); // only this process writes the file: never called
	}

	@Override
	public void removeDecisionListener(DecisionListener listener) {
		listeners.remove(listener);
	}

	@Override
	public boolean writable() {
		return folder.writable();
	}

	@Override
	public String describe() {
		return "file " + file;
	}
}
