/**
 * PluginKit's plugin metadata: {@link io.pluginkit.api.Plugin} on a class or
 * package of a bundle turns the bundle into a plugin.
 */
@Export
@Version("1.0.0")
package io.pluginkit.api;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
