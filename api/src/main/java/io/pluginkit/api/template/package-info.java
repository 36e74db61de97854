/**
 * Template extension points, the port of Flask-PluginKit's {@code tep}, {@code filter},
 * {@code tcp} and {@code dcp}. Templates use Pebble's syntax (Jinja-like, HTML autoescaping on)
 * and live in the plugin bundle's {@code templates/} folder; a plugin renders its own through the
 * {@link io.pluginkit.api.template.Templates} service it gets from the registry.
 * <p>
 * Every template can call {@code emit_tep("point")} (the HTML of the
 * {@link io.pluginkit.api.template.TemplateExtension}s of that point), {@code emit_dcp("name", args...)}
 * (the joined results of the {@link io.pluginkit.api.template.TemplateFunction}s of that name),
 * {@code emit_assets("plugin", "file.css")} (the tag of a plugin's static file), every
 * {@link io.pluginkit.api.template.TemplateFilter} and the variables of every
 * {@link io.pluginkit.api.template.TemplateContextProcessor}. Contributions come and go with their
 * plugin, live; order among them is {@code service.ranking} descending, then bundle install order.
 */
@Export
@Version("1.0.0")
package io.pluginkit.api.template;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
