package io.pluginkit.api.web;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.osgi.service.component.annotations.ComponentPropertyType;

/**
 * Component property type for an {@link ErrorHandler}: which HTTP status codes
 * and which exception classes it renders.
 *
 * <pre>
 * &#64;Component(service = ErrorHandler.class)
 * &#64;HandlesErrors(status = 404)
 * public class NotFoundPage implements ErrorHandler { ... }
 * </pre>
 */
@ComponentPropertyType
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface HandlesErrors {

	/** Prefix of the service properties this annotation sets. */
	String PREFIX_ = "pluginkit.error.";

	/** HTTP status codes handled; property {@code pluginkit.error.status}. */
	int[] status() default {};

	/**
	 * Fully qualified exception class names handled (subclasses included);
	 * property {@code pluginkit.error.exception}.
	 */
	String[] exception() default {};
}
