package io.pluginkit.api.template;

import java.util.Map;

import org.osgi.annotation.versioning.ProviderType;

import io.pluginkit.api.web.Response;

/**
 * Renders the calling plugin's templates: the files of its own bundle's {@code templates/} folder
 * (never another plugin's, never a file outside it). Get it as a DS reference
 * ({@code @Reference Templates templates}): each bundle gets its own instance, bound to it.
 * <p>
 * A template may {@code {% extends "pluginkit/base.html" %}}, the runtime's layout (blocks
 * {@code title}, {@code head} and {@code content}); names under {@code pluginkit/} are the
 * runtime's. Compiled templates are cached until the plugin is updated or disabled.
 * <p>
 * Thread-safe. A render is bounded in time and size; when it fails (missing template, syntax
 * error, a filter that throws, endless recursion, too long or too large) a
 * {@link TemplateException} names the plugin and the template.
 */
@ProviderType
public interface Templates {

	/**
	 * Renders a template of this plugin.
	 *
	 * @param template its name relative to {@code templates/}, e.g. {@code demo/demo.html}
	 * @param context variables for it (they win over the context processors')
	 * @return the HTML
	 * @throws TemplateException when it cannot be rendered
	 */
	String render(String template, Map<String, ?> context);

	/** {@link #render} as an HTML response with that status, e.g. for a servlet or an error handler. */
	default Response response(int status, String template, Map<String, ?> context) {
		return Response.html(status, render(template, context));
	}
}
