package io.pluginkit.api.task;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.osgi.service.component.annotations.ComponentPropertyType;

/**
 * Component property type of a {@link Task}: how many times a run that fails (throws anything but
 * a {@link io.pluginkit.api.trigger.PluginTriggerError}) is tried again, QTasks'
 * {@code @app.task(retry=3)}; service property {@code pluginkit.task.retry}. Without it the runner's
 * default applies (ConfigAdmin {@code pluginkit.tasks}, {@code pluginkit.tasks.retry}, 0). Before
 * each retry the runtime fires {@code worker_task_error_retry} and waits a backoff that doubles
 * each time ({@code pluginkit.tasks.retry.backoff.ms}, 100 ms first).
 */
@ComponentPropertyType
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface TaskRetry {

	/** Prefix of the service property: with the type's name it makes {@code pluginkit.task.retry}. */
	String PREFIX_ = "pluginkit.";

	/** Retries after the first attempt. */
	int value();
}
