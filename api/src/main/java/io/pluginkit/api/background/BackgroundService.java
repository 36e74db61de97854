package io.pluginkit.api.background;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Work that runs in the background while its plugin is enabled: LUNA's
 * {@code BaseBackgroundPlugin} ({@code initialize}, {@code start}, {@code close}).
 * <p>
 * Register it as a Declarative Services component providing this interface. When it appears
 * (its plugin is enabled), the runtime calls {@link #initialize()} then {@link #start} on a
 * thread of its own for this service. {@code start} does the work and returns when it is done or
 * when {@link BackgroundContext#cancelled()} (the thread is also interrupted). When its plugin is
 * disabled, the runtime cancels it, waits at most one second for {@code start} to return (the
 * disable waits for it), then calls {@link #close()}.
 * <p>
 * Failures are contained: {@code initialize} throwing makes the plugin {@code FAILED} with the
 * exception's message as the reason; {@code start} throwing is a crash: it is logged, counted and
 * {@code start} is called again after a backoff that doubles from one second up to a minute
 * (reset after a minute without a crash). {@code plugin:info} shows the state, the restarts and
 * the last error. A {@code start} that ignores the cancellation is reported and left behind: the
 * disable does not wait for it forever.
 */
@ConsumerType
public interface BackgroundService {

	/**
	 * Prepares the work (on the service's thread, before {@code start}).
	 *
	 * @throws Exception to make the plugin {@code FAILED}, with the message as the reason
	 */
	default void initialize() throws Exception {
	}

	/**
	 * Does the work, on the service's thread; returns when done or cancelled.
	 *
	 * @param context tells whether it is cancelled and sleeps until it is
	 * @throws Exception a crash: {@code start} is called again after a backoff
	 */
	void start(BackgroundContext context) throws Exception;

	/** Releases what {@code initialize} took, once {@code start} returned (or after one second). */
	default void close() throws Exception {
	}
}
