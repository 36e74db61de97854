package io.pluginkit.runtime.internal.settings;

import java.io.File;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.function.UnaryOperator;

import org.osgi.framework.BundleContext;

/**
 * The launch settings of DESIGN §2, each a system property or framework
 * property, read once at activation.
 *
 * @param dataDir {@code pluginkit.data.dir}: state store, admin token, http.port
 * @param pluginsDir {@code pluginkit.plugins.dir}: the hot-deploy folder
 * @param shell {@code pluginkit.shell}: whether stdin feeds the Gogo console
 * @param httpHost the host to print in URLs
 */
public record Settings(Path dataDir, Path pluginsDir, boolean shell, String httpHost) {

	public static final String DATA_DIR = "pluginkit.data.dir";
	public static final String PLUGINS_DIR = "pluginkit.plugins.dir";
	public static final String SHELL = "pluginkit.shell";

	/** Reads the settings from the framework (which falls back to system properties). */
	public static Settings from(BundleContext context) {
		return from(context::getProperty);
	}

	static Settings from(UnaryOperator<String> property) {
		Path data = Paths.get(valueOr(property.apply(DATA_DIR), "data")).toAbsolutePath().normalize();
		String plugins = property.apply(PLUGINS_DIR);
		Path pluginsDir = plugins != null && !plugins.isBlank() ? Paths.get(plugins).toAbsolutePath().normalize()
			: defaultPluginsDir(property.apply("java.class.path"));
		boolean shell = !"false".equalsIgnoreCase(valueOr(property.apply(SHELL), "true").trim());
		String host = valueOr(property.apply("org.apache.felix.http.host"), "127.0.0.1");
		if (host.equals("0.0.0.0") || host.equals("::")) {
			host = "127.0.0.1";
		}
		return new Settings(data, pluginsDir, shell, host);
	}

	/** The launch jar's sibling {@code plugins/}, or {@code ./plugins} when not launched from a jar. */
	static Path defaultPluginsDir(String classPath) {
		if (classPath != null && !classPath.isBlank()) {
			String first = classPath.split(File.pathSeparator)[0];
			if (first.endsWith(".jar")) {
				Path jar = Paths.get(first).toAbsolutePath().normalize();
				if (jar.getParent() != null) {
					return jar.getParent().resolve("plugins");
				}
			}
		}
		return Paths.get("plugins").toAbsolutePath().normalize();
	}

	private static String valueOr(String value, String fallback) {
		return value == null || value.isBlank() ? fallback : value;
	}
}
