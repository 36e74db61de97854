package io.pluginkit.api.task;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.osgi.service.component.annotations.ComponentPropertyType;

/**
 * Component property type of a {@link Task}: its name (service property {@value Task#NAME}), used in
 * {@code POST /api/tasks/{name}} and {@code task:run <name>}.
 *
 * <pre>
 * &#64;Component
 * &#64;PluginTask("sum")
 * public class Sum implements Task { ... }
 * </pre>
 */
@ComponentPropertyType
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface PluginTask {

	/** Prefix of the service property: with the type's name it makes {@value Task#NAME}. */
	String PREFIX_ = "pluginkit.";

	/** The task's name: {@code [a-z][a-z0-9._-]{0,63}}, as a URL path segment. */
	String value();
}
