package io.pluginkit.api.template;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.osgi.service.component.annotations.ComponentPropertyType;

/**
 * Component property type of a {@link TemplateExtension}: the points it fills, service property
 * {@code pluginkit.template.point}. The landing page {@code /} has {@code index_header},
 * {@code index_content} and {@code index_footer}.
 */
@ComponentPropertyType
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface TemplatePoint {

	/** Prefix of the service property (DS names a single-element annotation's property after the annotation). */
	String PREFIX_ = "pluginkit.";

	/** The service property this annotation sets. */
	String NAME = "pluginkit.template.point";

	/** Point names. */
	String[] value();
}
