/**
 * Flask-PluginKit's {@code local_plugin_demo}, ported: a static style sheet
 * ({@code /static/showcase/demo.css}), a page {@code /showcase} from its template
 * {@code demo/demo.html} that uses the plugin's own filter ({@code demo_filter2}) and
 * context processor ({@code timestamp}), a banner in the landing page's
 * {@code index_footer} point and a line of HTML code in {@code index_content}, a 404
 * page ({@code Not Found Page}), and its readme and license files.
 */
@Plugin(name = "showcase", author = "Mr.tao <staugur@saintic.com>",
	description = "Flask-PluginKit local_plugin_demo: a templated page with its own filter and context processor plus static css and a landing page banner and a 404 page",
	url = "https://github.com/staugur/Flask-PluginKit", license = "BSD-3-Clause", licenseFile = "license.txt",
	readmeFile = "readme.txt")
package io.pluginkit.sample.showcase;

import io.pluginkit.api.Plugin;
