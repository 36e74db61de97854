package io.pluginkit.api.template;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.osgi.service.component.annotations.ComponentPropertyType;

/** Component property type of a {@link TemplateFilter}: its name, service property {@code pluginkit.template.filter.name}. */
@ComponentPropertyType
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface TemplateFilterName {

	/** Prefix of the service property (DS names a single-element annotation's property after the annotation). */
	String PREFIX_ = "pluginkit.";

	/** The service property this annotation sets. */
	String NAME = "pluginkit.template.filter.name";

	/** The filter's name as templates write it: {@code [a-zA-Z_][a-zA-Z0-9_]*}. */
	String value();
}
