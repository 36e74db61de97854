package io.pluginkit.runtime.internal.settings;

import java.util.Map;

import org.osgi.framework.BundleContext;

/**
 * Where an area's setting comes from: its Configuration Admin configuration (the area's PID,
 * see each area's {@code @ObjectClassDefinition}) when set there, else the {@code -D} system or
 * framework property of the same name, else the default the area declares.
 */
public final class Configured {

	private Configured() {
	}

	/**
	 * The value of a setting, or {@code null} when neither the configuration nor a property sets it.
	 *
	 * @param configuration the component's properties (its configuration merged in by DS)
	 * @param key the setting's name, e.g. {@code pluginkit.hook.quarantine.after}
	 */
	public static String value(Map<String, ?> configuration, BundleContext context, String key) {
		Object configured = configuration == null ? null : configuration.get(key);
		if (configured != null && !String.valueOf(configured).isBlank()) {
			return String.valueOf(configured).trim();
		}
		String property = context == null ? null : context.getProperty(key);
		return property == null || property.isBlank() ? null : property.trim();
	}
}
