/**
 * Extension preprocessing, the port of Flask-PluginKit's {@code p3}: a plugin may look at other
 * plugins' contributions of one extension point before they go live, change them or veto them.
 * A veto shows in {@code plugin:info} of both plugins.
 */
@Export
@Version("1.0.0")
package io.pluginkit.api.preprocess;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
