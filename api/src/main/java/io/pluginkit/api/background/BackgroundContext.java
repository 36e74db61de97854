package io.pluginkit.api.background;

import java.time.Duration;

import org.osgi.annotation.versioning.ProviderType;

/** What the runtime tells a running {@link BackgroundService}. */
@ProviderType
public interface BackgroundContext {

	/** The name of the plugin the service belongs to. */
	String pluginName();

	/** Whether the service must stop: its plugin is being disabled or the runtime stops. */
	boolean cancelled();

	/**
	 * Waits for {@code duration}, or less when the service is cancelled meanwhile.
	 *
	 * @return {@code true} when the whole duration passed, {@code false} when cancelled
	 */
	boolean sleep(Duration duration);

	/** How many times {@code start} was called again after a crash. */
	int restarts();
}
