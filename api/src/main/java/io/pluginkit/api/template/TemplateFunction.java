package io.pluginkit.api.template;

import java.util.List;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * A named function every template can call: Flask-PluginKit's {@code dcp} (dynamic connection
 * point). {@code {{ emit_dcp("greeting", user) }}} calls every enabled function of that name in
 * order (ranking, then install order) and joins their results as HTML, inserted as is: the
 * function escapes what it takes from users ({@link Html#escape}). Name it with
 * {@link TemplateFunctionName}.
 * <p>
 * Called on the rendering thread; must be thread-safe. A function that throws is left out of that
 * page and logged once.
 */
@ConsumerType
public interface TemplateFunction {

	/**
	 * Calls the function.
	 *
	 * @param args the arguments after the name, in order
	 * @return the HTML to insert; {@code null} inserts nothing
	 */
	Object call(List<Object> args) throws Exception;
}
