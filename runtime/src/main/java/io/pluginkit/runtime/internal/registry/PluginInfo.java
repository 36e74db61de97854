package io.pluginkit.runtime.internal.registry;

import java.time.Instant;

/**
 * What the registry knows of one installed plugin, at the moment it was asked.
 *
 * @param reason why the plugin is {@code FAILED} (or a warning), else {@code null}
 * @param since when the plugin entered its current state
 */
public record PluginInfo(String name, String version, String author, String description, String url,
	String license, String licenseFile, String readmeFile, boolean enabledByDefault, String requires,
	PluginState state, String reason, long bundleId, String symbolicName, String location, Instant since) {
}
