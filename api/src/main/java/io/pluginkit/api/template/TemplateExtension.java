package io.pluginkit.api.template;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Fills named points of templates with HTML: Flask-PluginKit's {@code tep}. Name the points with
 * {@link TemplatePoint}; any template emits a point with {@code {{ emit_tep("index_footer") }}}
 * (optionally with context: {@code emit_tep("point", user=name)}).
 *
 * <pre>
 * &#64;Component
 * &#64;TemplatePoint("index_footer")
 * public class Banner implements TemplateExtension {
 *     public String content() { return "banner.html"; }
 * }
 * </pre>
 *
 * Called on the rendering thread, once per emit; must be cheap and thread-safe. A contribution
 * that throws, or whose template fails, is left out of that page (the rest renders) and logged
 * once.
 */
@ConsumerType
public interface TemplateExtension {

	/**
	 * What to put into the point: a template name of this plugin's {@code templates/} folder when
	 * it ends with {@code .html}, {@code .htm} or {@code .xhtml} (as in Flask-PluginKit), otherwise
	 * template source (HTML with Pebble syntax) rendered as it is. Either is rendered with this
	 * plugin's templates, the context processors' variables and the emit's context.
	 */
	String content() throws Exception;
}
