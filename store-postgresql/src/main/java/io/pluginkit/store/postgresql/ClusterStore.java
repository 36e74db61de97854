package io.pluginkit.store.postgresql;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.NoSuchFileException;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.pluginkit.spi.state.ArchiveListener;
import io.pluginkit.spi.state.ConcurrentChangeException;
import io.pluginkit.spi.state.DecisionListener;
import io.pluginkit.store.postgresql.ClusterState.Decision;
import io.pluginkit.store.postgresql.ClusterState.Entry;

/**
 * The cluster's plugin set in PostgreSQL, as one node sees and changes it: the core of
 * {@link PostgresStateStore} and {@link PostgresBundleArchive}.
 * <p>
 * <b>Reads</b> answer from an immutable {@link ClusterState} and never wait. <b>Writes</b> take turns
 * (one lock, which reads of the database take too, so that what this node wrote and what it read
 * never cross), run in one transaction that ends with a {@code NOTIFY pluginkit_changes}, and publish
 * the new state only once committed. Each decision and each bundle has a version: a write is made
 * against the version this node last saw, so when two nodes change one plugin at once the first to
 * commit wins and the other is told ({@link ConcurrentChangeException} naming the winner and what the
 * plugin is now), and its view is brought up to date.
 * <p>
 * <b>Other nodes' changes</b>: a thread of its own holds a connection that {@code LISTEN}s; on each
 * notification (several at once are read once) it reads both tables again and tells the listeners
 * what differs from what this node knew. Since it reads the whole (small) plugin set, a notification
 * missed while disconnected loses nothing: after every reconnect it reads again.
 * <p>
 * <b>A lost database</b>: reads go on answering the last known state; {@link #problem()} says what is
 * wrong since when (PluginKit reports {@code DEGRADED}); writes are refused at once with that reason
 * (nothing is queued, so nothing conflicts later); the thread reconnects with backoff (0.25 s doubling
 * to 2 s), reads again, and only then clears the problem.
 * <p>
 * <b>This node's copy</b>: every state it publishes is also saved in {@code <data>/cluster/} ({@link LocalCopy},
 * beside the jars of {@link JarCache}), so that a node that starts while the database is away runs on the
 * plugin set it last knew ({@link #openFromLocalCopy}) as if the database had gone away while it ran.
 */
final class ClusterStore implements AutoCloseable {

	static final String CHANNEL = "pluginkit_changes";
	private static final Logger LOG = LoggerFactory.getLogger(ClusterStore.class);
	private static final long MIN_BACKOFF_MS = 250;
	private static final long MAX_BACKOFF_MS = 2000;
	private static final long PING_EVERY_MS = 2000;

	private final StoreSettings settings;
	private final JarCache jars;
	private final LocalCopy local;
	private final AtomicBoolean savePending = new AtomicBoolean();
	/** Whether this node checked (and upgraded) the schema: not yet when it started on its local copy. */
	private volatile boolean schemaReady;
	private final org.postgresql.Driver driver = new org.postgresql.Driver();
	private final Object lock = new Object();
	private final List<DecisionListener> decisionListeners = new CopyOnWriteArrayList<>();
	private final List<ArchiveListener> archiveListeners = new CopyOnWriteArrayList<>();
	private final ExecutorService announcements = Executors.newSingleThreadExecutor(r -> {
		Thread t = new Thread(r, "pluginkit-cluster-events");
		t.setDaemon(true);
		return t;
	});
	private volatile ClusterState state = ClusterState.EMPTY;
	private volatile String problem;
	private volatile boolean closed;
	private Connection writer; // guarded by lock
	private volatile Connection listening;
	private Thread sync;

	ClusterStore(StoreSettings settings) {
		this.settings = settings;
		this.jars = new JarCache(settings.dataDir());
		this.local = new LocalCopy(settings.dataDir(), settings.describe());
	}

	// ------------------------------------------------------------------ life

	/**
	 * Connects, creates or upgrades the schema, and reads the plugin set: what a node must know before
	 * the registry starts.
	 *
	 * @throws SQLException when the database cannot be reached or refuses (see {@link #fatal(SQLException)})
	 * @throws IOException when the schema cannot be used
	 */
	void open() throws SQLException, IOException {
		try (Connection c = connect()) {
			List<Integer> applied = Schema.migrate(c);
			if (!applied.isEmpty()) {
				LOG.info("cluster store {}: schema version {} created", settings.describe(), applied.get(applied.size() - 1));
			}
			schemaReady = true;
			synchronized (lock) {
				publish(read(c));
			}
		}
	}

	/**
	 * When the database cannot be reached at start: takes this node's copy of the plugin set, if it has one
	 * of this database, as the state it serves, reports the database as unreachable (changes are refused)
	 * and lets {@link #startSync()} reconnect and catch up as after any outage.
	 *
	 * @return whether there was a copy to start on; when not, the node must wait for the database
	 */
	boolean openFromLocalCopy(SQLException cause) {
		LocalCopy.Read copy = local.read();
		if (copy == null) {
			return false;
		}
		synchronized (lock) {
			state = copy.state();
		}
		LOG.warn("the cluster store {} cannot be reached ({}): this node starts on its copy of the plugin set ({}, saved {}),"
			+ " refuses changes until the database is back, then catches up", describe(), firstLine(cause), local.file(),
			copy.saved());
		markDown(cause);
		return true;
	}

	/** Starts listening to the other nodes' changes. */
	void startSync() {
		sync = new Thread(this::syncLoop, "pluginkit-cluster-sync");
		sync.setDaemon(true);
		sync.start();
	}

	/** Whether a failure to connect is one that waiting will not cure: bad credentials, no such database. */
	static boolean fatal(SQLException e) {
		String state = e.getSQLState();
		return state != null && (state.startsWith("28") || state.equals("3D000"));
	}

	@Override
	public void close() {
		closed = true;
		Connection c = listening;
		if (c != null) {
			closeQuietly(c);
		}
		if (sync != null) {
			sync.interrupt();
			try {
				sync.join(5000);
			} catch (InterruptedException e) {
				Thread.currentThread().interrupt();
			}
		}
		synchronized (lock) {
			closeQuietly(writer);
			writer = null;
		}
		announcements.shutdown();
		try {
			// a save of this node's copy that is on its way finishes now, not after the store is closed
			announcements.awaitTermination(5, TimeUnit.SECONDS);
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
		}
	}

	Connection connect() throws SQLException {
		Connection c = driver.connect(settings.url(), settings.connectionProperties());
		if (c == null) {
			throw new SQLException("the driver does not accept the URL " + settings.describe(), "08001");
		}
		return c;
	}

	// ------------------------------------------------------------------ reads

	ClusterState state() {
		return state;
	}

	String problem() {
		return problem;
	}

	String describe() {
		return settings.describe();
	}

	void addDecisionListener(DecisionListener l) {
		decisionListeners.add(l);
	}

	void removeDecisionListener(DecisionListener l) {
		decisionListeners.remove(l);
	}

	void addArchiveListener(ArchiveListener l) {
		archiveListeners.add(l);
	}

	void removeArchiveListener(ArchiveListener l) {
		archiveListeners.remove(l);
	}

	// ------------------------------------------------------------------ decisions

	void recordDecision(String plugin, boolean enabled) throws IOException {
		String what = "the decision '" + (enabled ? "enabled" : "disabled") + "' for plugin '" + plugin + "'";
		write(what, c -> {
			Decision known = state.decisions().get(plugin);
			if (known != null && Boolean.valueOf(enabled).equals(known.enabled())) {
				// already so, as far as this node knows: unless another node changed it meanwhile, which the
				// admin must hear of rather than believe their change was made
				try (PreparedStatement st = c.prepareStatement("SELECT version FROM pluginkit_decision WHERE plugin = ?")) {
					st.setString(1, plugin);
					try (ResultSet rs = st.executeQuery()) {
						if (!rs.next() || rs.getLong(1) != known.version()) {
							throw new Lost(plugin);
						}
					}
				}
				return null;
			}
			long version = known == null ? 1 : known.version() + 1;
			int rows;
			if (known == null) {
				try (PreparedStatement st = c.prepareStatement("INSERT INTO pluginkit_decision (plugin, enabled, version, node)"
					+ " VALUES (?, ?, 1, ?) ON CONFLICT (plugin) DO NOTHING")) {
					st.setString(1, plugin);
					st.setBoolean(2, enabled);
					st.setString(3, settings.node());
					rows = st.executeUpdate();
				}
			} else {
				try (PreparedStatement st = c.prepareStatement("UPDATE pluginkit_decision SET enabled = ?, version = ?,"
					+ " node = ?, changed_at = now() WHERE plugin = ? AND version = ?")) {
					st.setBoolean(1, enabled);
					st.setLong(2, version);
					st.setString(3, settings.node());
					st.setString(4, plugin);
					st.setLong(5, known.version());
					rows = st.executeUpdate();
				}
			}
			if (rows == 0) {
				throw new Lost(plugin);
			}
			return () -> publish(state.withDecision(plugin, new Decision(enabled, version, settings.node())));
		});
	}

	void forgetDecision(String plugin) throws IOException {
		write("forgetting the decision for plugin '" + plugin + "'", c -> {
			Decision known = state.decisions().get(plugin);
			if (known == null || known.enabled() == null) {
				return null;
			}
			try (PreparedStatement st = c.prepareStatement("UPDATE pluginkit_decision SET enabled = NULL, version = ?,"
				+ " node = ?, changed_at = now() WHERE plugin = ? AND version = ?")) {
				st.setLong(1, known.version() + 1);
				st.setString(2, settings.node());
				st.setString(3, plugin);
				st.setLong(4, known.version());
				if (st.executeUpdate() == 0) {
					throw new Lost(plugin);
				}
			}
			return () -> publish(state.withDecision(plugin, new Decision(null, known.version() + 1, settings.node())));
		});
	}

	// ------------------------------------------------------------------ bundles

	void recordInstalls(Collection<String> locations) throws IOException {
		Set<String> missing = new LinkedHashSet<>();
		for (String l : locations) {
			if (!state.bundles().containsKey(l)) {
				missing.add(l);
			}
		}
		if (missing.isEmpty()) {
			return;
		}
		String what = missing.size() == 1 ? "the place in the install order of " + missing.iterator().next()
			: "the place in the install order of " + missing.size() + " bundles";
		write(what, c -> {
			try (PreparedStatement st = c.prepareStatement("INSERT INTO pluginkit_bundle (location, seq, sha256, version, node)"
				+ " VALUES (?, nextval('pluginkit_install_order'), NULL, 1, ?) ON CONFLICT (location) DO NOTHING")) {
				for (String l : missing) {
					st.setString(1, l);
					st.setString(2, settings.node());
					st.addBatch();
				}
				st.executeBatch();
			}
			Map<String, Entry> rows = bundleRows(c, missing);
			return () -> publish(state.withBundles(rows, Set.of()));
		});
	}

	void keep(String location, InputStream jar) throws IOException {
		byte[] content;
		try {
			content = jar.readAllBytes();
		} catch (IOException e) {
			throw new IOException("cannot save a copy of " + location + ": reading it failed: " + e.getMessage(), e);
		}
		String sha = JarCache.sha256(content);
		write("a copy of " + location, c -> {
			try (PreparedStatement st = c.prepareStatement("INSERT INTO pluginkit_jar (sha256, content, size) VALUES (?, ?, ?)"
				+ " ON CONFLICT (sha256) DO NOTHING")) {
				st.setString(1, sha);
				st.setBytes(2, content);
				st.setLong(3, content.length);
				st.executeUpdate();
			}
			Entry known = state.bundles().get(location);
			if (known == null) {
				try (PreparedStatement st = c.prepareStatement("INSERT INTO pluginkit_bundle (location, seq, sha256, version, node)"
					+ " VALUES (?, nextval('pluginkit_install_order'), ?, 1, ?) ON CONFLICT (location) DO NOTHING")) {
					st.setString(1, location);
					st.setString(2, sha);
					st.setString(3, settings.node());
					if (st.executeUpdate() == 0) {
						throw new Lost(location);
					}
				}
			} else {
				try (PreparedStatement st = c.prepareStatement("UPDATE pluginkit_bundle SET sha256 = ?, version = version + 1,"
					+ " node = ?, changed_at = now() WHERE location = ? AND version = ?")) {
					st.setString(1, sha);
					st.setString(2, settings.node());
					st.setString(3, location);
					st.setLong(4, known.version());
					if (st.executeUpdate() == 0) {
						throw new Lost(location);
					}
				}
				if (known.sha256() != null && !known.sha256().equals(sha)) {
					dropUnusedJar(c, known.sha256());
				}
			}
			Map<String, Entry> rows = bundleRows(c, Set.of(location));
			jars.put(sha, content);
			return () -> publish(state.withBundles(rows, Set.of()));
		});
	}

	InputStream open(String location) throws IOException {
		Entry e = state.bundles().get(location);
		if (e == null || e.sha256() == null) {
			throw new NoSuchFileException(location, null, "no copy of it is kept in the cluster store " + describe());
		}
		byte[] cached = jars.get(e.sha256());
		if (cached != null) {
			return new ByteArrayInputStream(cached);
		}
		String down = problem;
		if (down != null) {
			throw new IOException("the copy of " + location + " is not on this node and " + down);
		}
		synchronized (lock) {
			try {
				Connection c = writer();
				try (PreparedStatement st = c.prepareStatement("SELECT content FROM pluginkit_jar WHERE sha256 = ?")) {
					st.setString(1, e.sha256());
					try (ResultSet rs = st.executeQuery()) {
						if (!rs.next()) {
							throw new NoSuchFileException(location, null,
								"its jar " + e.sha256() + " is missing from the cluster store " + describe());
						}
						byte[] content = rs.getBytes(1);
						if (!JarCache.sha256(content).equals(e.sha256())) {
							throw new IOException("the copy of " + location + " in the cluster store is corrupt (its SHA-256 differs)");
						}
						jars.put(e.sha256(), content);
						return new ByteArrayInputStream(content);
					}
				}
			} catch (SQLException ex) {
				lost(ex);
				throw new IOException("cannot read the copy of " + location + " from the cluster store " + describe() + ": "
					+ ex.getMessage(), ex);
			}
		}
	}

	void forget(String location) throws IOException {
		if (!state.bundles().containsKey(location)) {
			return;
		}
		write("forgetting " + location, c -> {
			String sha = null;
			try (PreparedStatement st = c.prepareStatement("DELETE FROM pluginkit_bundle WHERE location = ? RETURNING sha256")) {
				st.setString(1, location);
				try (ResultSet rs = st.executeQuery()) {
					if (rs.next()) {
						sha = rs.getString(1);
					}
				}
			}
			if (sha != null) {
				dropUnusedJar(c, sha);
			}
			return () -> publish(state.withBundles(Map.of(), Set.of(location)));
		});
	}

	private static void dropUnusedJar(Connection c, String sha) throws SQLException {
		try (PreparedStatement st = c.prepareStatement("DELETE FROM pluginkit_jar WHERE sha256 = ?"
			+ " AND NOT EXISTS (SELECT 1 FROM pluginkit_bundle WHERE sha256 = ?)")) {
			st.setString(1, sha);
			st.setString(2, sha);
			st.executeUpdate();
		}
	}

	private static Map<String, Entry> bundleRows(Connection c, Collection<String> locations) throws SQLException {
		Map<String, Entry> rows = new HashMap<>();
		try (PreparedStatement st = c.prepareStatement("SELECT location, seq, sha256, version, node FROM pluginkit_bundle"
			+ " WHERE location = ANY (?)")) {
			Array array = c.createArrayOf("text", locations.toArray());
			st.setArray(1, array);
			try (ResultSet rs = st.executeQuery()) {
				while (rs.next()) {
					rows.put(rs.getString(1), new Entry(rs.getString(1), rs.getLong(2), rs.getString(3), rs.getLong(4), rs.getString(5)));
				}
			}
		}
		return rows;
	}

	// ------------------------------------------------------------------ the write path

	/** A write's work in its transaction: returns what publishes its result once committed, or null for nothing to do. */
	@FunctionalInterface
	private interface Work {
		Runnable run(Connection c) throws SQLException, IOException, Lost;
	}

	/** Another node changed the same plugin or bundle first. */
	private static final class Lost extends Exception {
		private static final long serialVersionUID = 1L;
		final String key;

		Lost(String key) {
			super(null, null, false, false);
			this.key = key;
		}
	}

	private void write(String what, Work work) throws IOException {
		synchronized (lock) {
			String down = problem;
			if (down != null) {
				throw new IOException(what + " was refused: " + down);
			}
			Connection c = null;
			try {
				c = writer();
				c.setAutoCommit(false);
				Runnable publish;
				try {
				try {
					publish = work.run(c);
					if (publish == null) {
						c.rollback();
						return;
					}
					try (PreparedStatement st = c.prepareStatement("SELECT pg_notify(?, ?)")) {
						st.setString(1, CHANNEL);
						st.setString(2, settings.node());
						st.executeQuery().close();
					}
					c.commit();
				} catch (Lost l) {
					c.rollback();
					ClusterState before = state;
					ClusterState now = read(c);
					publish(now);
					announce(before, now);
					throw new ConcurrentChangeException(what + " was not saved: " + lostTo(l.key, now), winner(l.key, now));
				} catch (SQLException | IOException | RuntimeException e) {
					rollbackQuietly(c);
					throw e;
				}
				publish.run();
				} finally {
					if (writer == c) {
						try {
							c.setAutoCommit(true);
						} catch (SQLException e) {
							// the connection is gone: the next write opens another
						}
					}
				}
			} catch (SQLException e) {
				lost(e);
				throw new IOException("cannot save " + what + " to the cluster store " + describe() + ": " + e.getMessage(), e);
			}
		}
	}

	/** What the loser of a race is told: who won, and what the plugin or bundle is now. */
	private static String lostTo(String key, ClusterState now) {
		Decision d = now.decisions().get(key);
		if (d != null) {
			return "plugin '" + key + "' was changed at the same time on node " + d.node() + ", whose change came first: it is "
				+ (d.enabled() == null ? "uninstalled" : d.enabled() ? "enabled" : "disabled") + " now; try again if you still want it";
		}
		Entry e = now.bundles().get(key);
		return e == null ? key + " was uninstalled at the same time on another node, whose change came first"
			: key + " was changed at the same time on node " + e.node() + ", whose change came first; try again if you still want it";
	}

	/** The node whose change won a race, as the database now says. */
	private static String winner(String key, ClusterState now) {
		Decision d = now.decisions().get(key);
		if (d != null) {
			return d.node();
		}
		Entry e = now.bundles().get(key);
		return e == null ? null : e.node();
	}

	/** Publishes a new state to readers, and saves it as this node's copy soon after, off the caller's thread. Under the lock. */
	private void publish(ClusterState next) {
		state = next;
		if (savePending.compareAndSet(false, true)) {
			try {
				announcements.execute(() -> {
					savePending.set(false);
					local.save(state);
				});
			} catch (RejectedExecutionException e) {
				savePending.set(false); // closing
			}
		}
	}

	/** The connection of writes, opened again when it was lost. Under the lock. */
	private Connection writer() throws SQLException {
		if (writer == null || writer.isClosed()) {
			writer = connect();
		}
		return writer;
	}

	/** A failed statement: when the connection is gone, the database is away until the sync thread is back. */
	private void lost(SQLException e) {
		if (isConnectionFailure(e)) {
			closeQuietly(writer);
			writer = null;
			markDown(e);
		}
	}

	static boolean isConnectionFailure(SQLException e) {
		String s = e.getSQLState();
		return s == null || s.startsWith("08") || s.startsWith("57P") || s.equals("53300");
	}

	// ------------------------------------------------------------------ other nodes' changes

	/** Reads the whole plugin set (a few hundred rows at most). Under the lock. */
	private static ClusterState read(Connection c) throws SQLException {
		Map<String, Decision> decisions = new HashMap<>();
		Map<String, Entry> bundles = new HashMap<>();
		try (Statement st = c.createStatement()) {
			try (ResultSet rs = st.executeQuery("SELECT plugin, enabled, version, node FROM pluginkit_decision")) {
				while (rs.next()) {
					boolean enabled = rs.getBoolean(2);
					Boolean decided = rs.wasNull() ? null : enabled; // before any other column is read
					decisions.put(rs.getString(1), new Decision(decided, rs.getLong(3), rs.getString(4)));
				}
			}
			try (ResultSet rs = st.executeQuery("SELECT location, seq, sha256, version, node FROM pluginkit_bundle")) {
				while (rs.next()) {
					bundles.put(rs.getString(1), new Entry(rs.getString(1), rs.getLong(2), rs.getString(3), rs.getLong(4), rs.getString(5)));
				}
			}
		}
		return ClusterState.of(decisions, bundles);
	}

	/** Reads the plugin set again and tells the listeners what other nodes changed. */
	private void catchUp(Connection c) throws SQLException {
		synchronized (lock) {
			ClusterState before = state;
			ClusterState now = read(c);
			publish(now);
			announce(before, now);
		}
	}

	/** Tells the listeners, on the store's own thread, in order. */
	private void announce(ClusterState before, ClusterState now) {
		Set<String> decisions = before.decisionsChangedIn(now);
		Set<String> bundles = before.bundlesChangedIn(now);
		if (decisions.isEmpty() && bundles.isEmpty()) {
			return;
		}
		try {
			announcements.execute(() -> {
				if (!bundles.isEmpty()) {
					LOG.debug("other nodes changed bundles {}", bundles);
					for (ArchiveListener l : archiveListeners) {
						try {
							l.bundlesChanged(Set.copyOf(bundles));
						} catch (RuntimeException e) {
							LOG.error("an archive listener failed: {}", e.toString(), e);
						}
					}
				}
				if (!decisions.isEmpty()) {
					LOG.debug("other nodes changed the decisions of {}", decisions);
					for (DecisionListener l : decisionListeners) {
						try {
							l.decisionsChanged(Set.copyOf(decisions));
						} catch (RuntimeException e) {
							LOG.error("a decision listener failed: {}", e.toString(), e);
						}
					}
				}
			});
		} catch (RejectedExecutionException e) {
			// closing
		}
	}

	private void syncLoop() {
		long backoff = MIN_BACKOFF_MS;
		while (!closed) {
			Connection c = null;
			try {
				c = connect();
				listening = c;
				if (closed) {
					break;
				}
				if (!schemaReady) {
					Schema.migrate(c); // started on its local copy: the schema is checked once the database is there
					schemaReady = true;
				}
				try (Statement st = c.createStatement()) {
					st.execute("LISTEN " + CHANNEL);
				}
				catchUp(c); // what was missed while not listening
				boolean wasDown = problem != null;
				markUp();
				if (wasDown) {
					announceMissingJars();
				}
				backoff = MIN_BACKOFF_MS;
				PGConnection pg = c.unwrap(PGConnection.class);
				long lastContact = System.nanoTime();
				while (!closed) {
					PGNotification[] notes = pg.getNotifications(500);
					if (notes != null && notes.length > 0) {
						catchUp(c);
						lastContact = System.nanoTime();
					} else if (TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - lastContact) >= PING_EVERY_MS) {
						try (Statement st = c.createStatement()) {
							st.execute("SELECT 1"); // a database that went away silently is noticed within seconds
						}
						lastContact = System.nanoTime();
					}
				}
			} catch (SQLException e) {
				if (closed) {
					break;
				}
				markDown(e);
			} catch (IOException e) {
				if (closed) {
					break;
				}
				markDown(new SQLException(e.getMessage(), null, e)); // a schema newer than this node's: said, and tried again
				backoff = MAX_BACKOFF_MS;
			} catch (RuntimeException e) {
				if (closed) {
					break;
				}
				LOG.error("cluster store: {}", e.toString(), e);
				markDown(new SQLException(e.toString(), null, e));
			} finally {
				closeQuietly(c);
				listening = null;
			}
			try {
				Thread.sleep(backoff);
			} catch (InterruptedException e) {
				if (closed) {
					break;
				}
			}
			backoff = Math.min(backoff * 2, MAX_BACKOFF_MS);
		}
	}

	/**
	 * After an outage: the bundles whose jar this node does not have (it could not read them while the database
	 * was away, e.g. when it started on its copy) are told to the listeners again, so that the registry installs
	 * them now rather than showing them as missing until the next restart.
	 */
	private void announceMissingJars() {
		Set<String> missing = new java.util.HashSet<>();
		for (Entry e : state.bundles().values()) {
			if (e.sha256() != null && !jars.has(e.sha256())) {
				missing.add(e.location());
			}
		}
		if (missing.isEmpty()) {
			return;
		}
		try {
			announcements.execute(() -> {
				for (ArchiveListener l : archiveListeners) {
					try {
						l.bundlesChanged(Set.copyOf(missing));
					} catch (RuntimeException e) {
						LOG.error("an archive listener failed: {}", e.toString(), e);
					}
				}
			});
		} catch (RejectedExecutionException e) {
			// closing
		}
	}

	private void markDown(SQLException e) {
		if (problem == null) {
			String reason = firstLine(e);
			problem = "the cluster store " + describe() + " is unreachable since " + LocalTime.now().truncatedTo(ChronoUnit.SECONDS)
				+ " (" + reason + "): this node serves the plugin set it last knew, and plugin changes are refused until it is back";
			LOG.warn("{}", problem);
		}
	}

	private void markUp() {
		if (problem != null) {
			synchronized (lock) {
				closeQuietly(writer); // the writes' connection died with the database: a fresh one next time
				writer = null;
			}
			problem = null;
			LOG.info("the cluster store {} is back; this node caught up with the changes made meanwhile", describe());
		}
	}

	static String firstLine(Exception e) {
		return e.getMessage() == null ? e.toString() : e.getMessage().lines().findFirst().orElse("");
	}

	private static void rollbackQuietly(Connection c) {
		try {
			c.rollback();
		} catch (SQLException e) {
			// the connection is gone: nothing was committed
		}
	}

	private static void closeQuietly(Connection c) {
		if (c != null) {
			try {
				c.close();
			} catch (SQLException e) {
				// gone already
			}
		}
	}
}
