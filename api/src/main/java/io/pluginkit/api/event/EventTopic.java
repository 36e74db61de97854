package io.pluginkit.api.event;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.osgi.service.component.annotations.ComponentPropertyType;

/**
 * The topics an {@link EventListener} component receives: sets the service property
 * {@code pluginkit.event.topic}.
 *
 * <pre>
 * &#64;Component
 * &#64;EventTopic({ "pluginkit/lifecycle", "acme/*" })
 * public class Audit implements EventListener { ... }
 * </pre>
 *
 * A topic is one or more segments of letters, digits, {@code _}, {@code -} and {@code .},
 * separated by {@code /}; a pattern may end in {@code /*} (every topic below that prefix) or be
 * {@code *} (every topic). A listener with no valid topic receives nothing and is reported
 * against its plugin with the pattern at fault.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
@ComponentPropertyType
public @interface EventTopic {

	/** Makes the property {@code pluginkit.event.topic}. */
	String PREFIX_ = "pluginkit.";

	/** The service property's name. */
	String PROPERTY = "pluginkit.event.topic";

	/** One or more topics or patterns. */
	String[] value();
}
