/**
 * ${pluginName}: a PluginKit plugin. {@code @Plugin} gives its metadata (the Plugin-* manifest headers);
 * the components of this package are its contributions.
 */
@Plugin(name = "${pluginName}", author = "${author}", description = "A PluginKit plugin made from pluginkit-plugin-archetype",
	license = "Apache-2.0", licenseFile = "LICENSE.txt", readmeFile = "README.md")
package ${package};

import io.pluginkit.api.Plugin;
