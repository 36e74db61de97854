package io.pluginkit.api.template;

import java.util.Map;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Adds variables to every template: Flask-PluginKit's {@code tcp}. Called once per rendered
 * template (page or fragment), on the rendering thread, after the runtime's variables and before
 * the caller's context, which wins on a clash; processors later in order win over earlier ones.
 * A throw is logged once and its variables are left out.
 */
@ConsumerType
public interface TemplateContextProcessor {

	/** The variables, by name; values may be any object (templates read getters and map keys). */
	Map<String, ?> variables() throws Exception;
}
