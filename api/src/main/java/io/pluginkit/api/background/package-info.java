/**
 * Background work, the port of LUNA's background plugins: a
 * {@link io.pluginkit.api.background.BackgroundService} runs on a thread the runtime manages,
 * from its plugin's start until its plugin's stop.
 */
@Export
@Version("1.0.0")
package io.pluginkit.api.background;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
