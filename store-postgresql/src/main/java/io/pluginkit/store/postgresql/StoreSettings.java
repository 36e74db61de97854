package io.pluginkit.store.postgresql;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Locale;
import java.util.Properties;
import java.util.function.UnaryOperator;

/**
 * How to reach the cluster's database, from {@code -Dpluginkit.store.*} and the environment. The
 * password comes from {@code PLUGINKIT_STORE_PASSWORD} or the file named by
 * {@code -Dpluginkit.store.password.file}, never from a property: a command line is visible to every
 * user of the machine.
 *
 * @param url {@code pluginkit.store.url}, {@code jdbc:postgresql://host:port/db}
 * @param user {@code pluginkit.store.user}, or {@code null} for the driver's default
 * @param password the password, or {@code null} (a database that trusts the node)
 * @param node how this node names itself in the database ({@code pluginkit.store.node}, default host:pid)
 * @param dataDir the data folder ({@code pluginkit.data.dir}), where the jars read from the database are cached
 */
public record StoreSettings(String url, String user, String password, String node, Path dataDir) {

	public static final String STORE = "pluginkit.store";
	public static final String URL = "pluginkit.store.url";
	public static final String USER = "pluginkit.store.user";
	public static final String PASSWORD_FILE = "pluginkit.store.password.file";
	public static final String PASSWORD_ENV = "PLUGINKIT_STORE_PASSWORD";
	public static final String NODE = "pluginkit.store.node";

	/** Whether the cluster store is the one selected. */
	public static boolean selected(UnaryOperator<String> property) {
		String store = property.apply(STORE);
		return store != null && store.trim().toLowerCase(Locale.ROOT).equals("postgresql");
	}

	/**
	 * Reads the settings.
	 *
	 * @throws IOException when they cannot be used; the message is one line that says which and what to do
	 */
	public static StoreSettings from(UnaryOperator<String> property, UnaryOperator<String> env) throws IOException {
		String url = trimmed(property.apply(URL));
		if (url == null) {
			throw new IOException("-Dpluginkit.store=postgresql needs -D" + URL + "=jdbc:postgresql://host:port/database");
		}
		if (!url.startsWith("jdbc:postgresql:")) {
			throw new IOException(URL + " is '" + redact(url) + "', not a jdbc:postgresql://host:port/database URL");
		}
		if (url.toLowerCase(Locale.ROOT).contains("password=")) {
			throw new IOException(URL + " carries a password: put it in the environment variable " + PASSWORD_ENV
				+ " or in a file named by -D" + PASSWORD_FILE + " instead");
		}
		String password = env.apply(PASSWORD_ENV);
		String file = trimmed(property.apply(PASSWORD_FILE));
		if (file != null) {
			try {
				password = Files.readString(Paths.get(file), StandardCharsets.UTF_8).strip();
			} catch (IOException e) {
				throw new IOException("the password file " + file + " (-D" + PASSWORD_FILE + ") cannot be read: "
					+ e.getClass().getSimpleName() + (e.getMessage() == null ? "" : " " + e.getMessage()), e);
			}
		}
		String data = trimmed(property.apply("pluginkit.data.dir"));
		String node = trimmed(property.apply(NODE));
		return new StoreSettings(url, trimmed(property.apply(USER)), password, node != null ? node : defaultNode(),
			Paths.get(data == null ? "data" : data).toAbsolutePath().normalize());
	}

	/** The driver's connection properties: short timeouts, so that a lost database is noticed in seconds. */
	Properties connectionProperties() {
		Properties p = new Properties();
		if (user != null) {
			p.setProperty("user", user);
		}
		if (password != null) {
			p.setProperty("password", password);
		}
		p.setProperty("connectTimeout", "3");
		p.setProperty("socketTimeout", "15");
		p.setProperty("tcpKeepAlive", "true");
		p.setProperty("ApplicationName", "PluginKit " + node);
		return p;
	}

	/** The database, for messages: the URL without its parameters, and the user. */
	public String describe() {
		return redact(url) + (user == null ? "" : " (user " + user + ")");
	}

	private static String redact(String url) {
		int q = url.indexOf('?');
		return (q < 0 ? url : url.substring(0, q)).replaceFirst("^jdbc:", "");
	}

	private static String defaultNode() {
		return ManagementFactory.getRuntimeMXBean().getName(); // pid@host
	}

	private static String trimmed(String value) {
		return value == null || value.isBlank() ? null : value.trim();
	}

	@Override
	public String toString() {
		return describe(); // never the password
	}
}
