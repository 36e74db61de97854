package io.pluginkit.api.preprocess;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.osgi.service.component.annotations.ComponentPropertyType;

/**
 * Component property type of a {@link ContributionProcessor}: which extension points and which
 * plugins it processes (Flask-PluginKit's {@code {plugin: {pet: func}}}).
 *
 * <pre>
 * &#64;Component
 * &#64;ProcessesContributions(point = "template.extension", plugin = "showcase")
 * public class NoBanner implements ContributionProcessor { ... }
 * </pre>
 */
@ComponentPropertyType
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface ProcessesContributions {

	/** Prefix of the service properties this annotation sets. */
	String PREFIX_ = "pluginkit.preprocess.";

	/**
	 * The points: {@code template.extension}, {@code template.filter}, {@code template.function},
	 * {@code template.context}; property {@code pluginkit.preprocess.point}.
	 */
	String[] point();

	/** The plugins whose contributions it sees; empty = every other plugin; property {@code pluginkit.preprocess.plugin}. */
	String[] plugin() default {};
}
