/**
 * The Flask-PluginKit quickstart, ported: {@code GET /limit} answers
 * {@code {"status":0,"message":"Access Denial"}} and a before hook sends
 * requests for {@code /} from 127.0.0.1 there.
 */
@Plugin(name = "helloworld", author = "PluginKit", description = "Flask-PluginKit quickstart: redirects / to /limit for 127.0.0.1",
	url = "https://github.com/pluginkit/pluginkit", license = "Apache-2.0", readmeFile = "README.md")
package io.pluginkit.sample.helloworld;

import io.pluginkit.api.Plugin;
