package io.pluginkit.store.postgresql;

import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.pluginkit.store.postgresql.ClusterState.Decision;
import io.pluginkit.store.postgresql.ClusterState.Entry;

/**
 * This node's copy of the cluster's plugin set as it last knew it, in {@code <data>/cluster/plugin-set.properties}
 * (with the jars in {@code <data>/cluster/jars/}): what lets a node that starts while the database is away run
 * the plugin set it ran before instead of waiting. It belongs to one database (a copy of another one is not
 * used) and is replaced atomically after each change; a copy that cannot be written only means the node
 * waits for the database at its next start.
 * <p>
 * Format: {@code database}, {@code saved}, {@code d.<plugin>=<true|false|->;<version>;<node>} per decision and
 * {@code b.<location>=<seq>;<sha256|->;<version>;<node>} per bundle.
 */
final class LocalCopy {

	private static final Logger LOG = LoggerFactory.getLogger(LocalCopy.class);

	/** A copy read back: the state and when it was saved. */
	record Read(ClusterState state, String saved) {
	}

	private final Path file;
	private final String database;

	LocalCopy(Path dataDir, String database) {
		this.file = dataDir.resolve("cluster").resolve("plugin-set.properties");
		this.database = database;
	}

	Path file() {
		return file;
	}

	/** Replaces the copy with this state; called on one thread at a time. */
	void save(ClusterState state) {
		Properties p = new Properties();
		p.setProperty("database", database);
		p.setProperty("saved", Instant.now().toString());
		state.decisions().forEach((plugin, d) -> p.setProperty("d." + plugin,
			(d.enabled() == null ? "-" : d.enabled().toString()) + ";" + d.version() + ";" + d.node()));
		state.bundles().forEach((location, e) -> p.setProperty("b." + location,
			e.sequence() + ";" + (e.sha256() == null ? "-" : e.sha256()) + ";" + e.version() + ";" + e.node()));
		try {
			StringWriter text = new StringWriter();
			p.store(text, "PluginKit: this node's copy of the cluster's plugin set, used when it starts while the database is away");
			LocalFiles.write(file, text.toString().getBytes(StandardCharsets.UTF_8));
		} catch (IOException e) {
			LOG.debug("cannot save {}: {}", file, e.toString()); // the next start waits for the database instead
		}
	}

	/** The copy of this database's plugin set, or {@code null} when there is none (or it is of another database, or unreadable). */
	Read read() {
		Properties p = new Properties();
		try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
			p.load(in);
		} catch (NoSuchFileException e) {
			return null;
		} catch (IOException | IllegalArgumentException e) {
			LOG.warn("this node's copy of the plugin set {} cannot be read ({}); it is not used", file, e.toString());
			return null;
		}
		if (!database.equals(p.getProperty("database"))) {
			return null; // the copy of another cluster's plugin set
		}
		Map<String, Decision> decisions = new HashMap<>();
		Map<String, Entry> bundles = new HashMap<>();
		try {
			for (String key : p.stringPropertyNames()) {
				String value = p.getProperty(key);
				if (key.startsWith("d.")) {
					String[] f = value.split(";", 3);
					Boolean enabled = f[0].equals("-") ? null : Boolean.valueOf(f[0]);
					decisions.put(key.substring(2), new Decision(enabled, Long.parseLong(f[1]), f[2]));
				} else if (key.startsWith("b.")) {
					String[] f = value.split(";", 4);
					String location = key.substring(2);
					bundles.put(location, new Entry(location, Long.parseLong(f[0]), f[1].equals("-") ? null : f[1],
						Long.parseLong(f[2]), f[3]));
				}
			}
		} catch (RuntimeException e) {
			LOG.warn("this node's copy of the plugin set {} is damaged ({}); it is not used", file, e.toString());
			return null;
		}
		return new Read(ClusterState.of(decisions, bundles), p.getProperty("saved", "?"));
	}
}
