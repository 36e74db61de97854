package io.pluginkit.api.trigger;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.osgi.service.component.annotations.ComponentPropertyType;

/**
 * Component property type of a {@link TriggerHandler} or {@link AsyncTriggerHandler}: the triggers
 * it handles (service property {@value TriggerHandler#TRIGGER}). A handler without it is global: it
 * runs on every trigger, after the named ones.
 *
 * <pre>
 * &#64;Component
 * &#64;PluginTrigger({ "worker_execute_before", "worker_execute_after" })
 * public class Timing implements TriggerHandler { ... }
 * </pre>
 */
@ComponentPropertyType
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface PluginTrigger {

	/** Prefix of the service property: with the type's name it makes {@value TriggerHandler#TRIGGER}. */
	String PREFIX_ = "pluginkit.";

	/** The trigger names. */
	String[] value();
}
