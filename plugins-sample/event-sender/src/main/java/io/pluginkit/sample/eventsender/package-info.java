/**
 * The LUNA event sending plugin example, ported: {@code pluginkit/sending} events go to a bucket
 * server. Disabled until enabled: it needs that server.
 */
@Plugin(name = "event-sender", author = "PluginKit", description = "LUNA event sending plugin example: sends pluginkit/sending events to a bucket server",
	url = "https://github.com/pluginkit/pluginkit", license = "Apache-2.0", readmeFile = "README.md", state = Plugin.State.DISABLED)
package io.pluginkit.sample.eventsender;

import io.pluginkit.api.Plugin;
