package io.pluginkit.api.event;

/**
 * The payload of {@value #TOPIC}: a plugin changed.
 *
 * @param plugin the plugin's name
 * @param version its version
 * @param change {@code installed}, {@code enabled}, {@code disabled}, {@code failed},
 *        {@code updated} or {@code uninstalled}
 * @param state its state now: {@code INSTALLED}, {@code ENABLED}, {@code DISABLED},
 *        {@code FAILED} or {@code UNINSTALLED}
 * @param reason why it failed (or a warning), else {@code null}
 * @param bundleId its bundle
 */
public record PluginLifecycle(String plugin, String version, String change, String state, String reason, long bundleId) {

	/** The topic the runtime publishes plugin changes on. */
	public static final String TOPIC = "pluginkit/lifecycle";
}
