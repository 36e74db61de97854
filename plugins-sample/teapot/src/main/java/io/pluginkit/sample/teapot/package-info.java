/**
 * The LUNA background plugin example, ported: {@code GET /teapot} answers 418 {@code I am teapot}
 * while a background heater warms the water up to 100 degrees.
 */
@Plugin(name = "teapot", author = "PluginKit", description = "LUNA background plugin example: a teapot route and a heater in the background",
	url = "https://github.com/pluginkit/pluginkit", license = "Apache-2.0", readmeFile = "README.md")
package io.pluginkit.sample.teapot;

import io.pluginkit.api.Plugin;
