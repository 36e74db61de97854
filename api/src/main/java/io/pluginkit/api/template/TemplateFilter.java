package io.pluginkit.api.template;

import java.util.List;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * A filter every template can use, {@code {{ title | shout }}} or {@code {{ n | repeat(3) }}}:
 * Flask-PluginKit's {@code filter}. Name it with {@link TemplateFilterName}; when two enabled
 * plugins register the same name, the first in order (ranking, then install order) wins and
 * {@code plugin:info} says so.
 * <p>
 * Called on the rendering thread; must be thread-safe. A throw fails the template that used it
 * with an error naming the filter, its plugin and the template.
 */
@ConsumerType
public interface TemplateFilter {

	/**
	 * Applies the filter.
	 *
	 * @param input the value left of the {@code |}
	 * @param args the arguments in parentheses, in order (empty when none)
	 * @return the value; a {@link String} is escaped by the template, an {@link Html} is not
	 */
	Object apply(Object input, List<Object> args) throws Exception;
}
