/**
 * The LUNA request monitoring plugin example, ported: every request's monitoring point goes to a
 * bucket server. Disabled until enabled: it needs that server.
 */
@Plugin(name = "monitoring", author = "PluginKit", description = "LUNA request monitoring plugin example: sends request monitoring points to a bucket server",
	url = "https://github.com/pluginkit/pluginkit", license = "Apache-2.0", readmeFile = "README.md", state = Plugin.State.DISABLED)
package io.pluginkit.sample.monitoring;

import io.pluginkit.api.Plugin;
