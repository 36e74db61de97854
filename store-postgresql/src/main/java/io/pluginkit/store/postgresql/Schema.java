package io.pluginkit.store.postgresql;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * Creates and upgrades the schema at start from the versioned SQL files beside this class
 * ({@code schema/V<n>__<what>.sql}), each applied once, in order, in one transaction with its row in
 * {@code pluginkit_schema}. An advisory lock makes nodes that start together take turns: the first
 * creates, the others find it done. A database whose schema is newer than this PluginKit knows is
 * refused, since writing to it could lose what a newer node keeps.
 */
final class Schema {

	/** The schema files, in order; their number is their version. */
	static final List<String> VERSIONS = List.of("V1__plugin_set.sql");

	private static final long LOCK = 0x706c7567696e6b69L; // "pluginki"

	private Schema() {
	}

	/** Brings the schema to the latest version; returns the versions applied now (none when it was up to date). */
	static List<Integer> migrate(Connection c) throws SQLException, IOException {
		boolean auto = c.getAutoCommit();
		c.setAutoCommit(false);
		try (Statement st = c.createStatement()) {
			st.execute("SELECT pg_advisory_xact_lock(" + LOCK + ")");
			st.execute("CREATE TABLE IF NOT EXISTS pluginkit_schema (version int PRIMARY KEY, name text NOT NULL,"
				+ " applied_at timestamptz NOT NULL DEFAULT now())");
			int current = 0;
			try (ResultSet rs = st.executeQuery("SELECT coalesce(max(version), 0) FROM pluginkit_schema")) {
				rs.next();
				current = rs.getInt(1);
			}
			if (current > VERSIONS.size()) {
				throw new IOException("the database's PluginKit schema is version " + current + ", newer than this PluginKit's "
					+ VERSIONS.size() + ": run the same PluginKit version on every node");
			}
			List<Integer> applied = new java.util.ArrayList<>();
			for (int v = current + 1; v <= VERSIONS.size(); v++) {
				String name = VERSIONS.get(v - 1);
				st.execute(read(name));
				try (PreparedStatement ins = c.prepareStatement("INSERT INTO pluginkit_schema (version, name) VALUES (?, ?)")) {
					ins.setInt(1, v);
					ins.setString(2, name);
					ins.executeUpdate();
				}
				applied.add(v);
			}
			c.commit();
			return applied;
		} catch (SQLException | IOException | RuntimeException e) {
			c.rollback();
			throw e;
		} finally {
			c.setAutoCommit(auto);
		}
	}

	private static String read(String name) throws IOException {
		try (InputStream in = Schema.class.getResourceAsStream("schema/" + name)) {
			if (in == null) {
				throw new IOException("the schema file " + name + " is missing from the store-postgresql bundle");
			}
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
	}
}
