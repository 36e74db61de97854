package io.pluginkit.api.event;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Publishes events; the runtime provides it as a service (one per using bundle, so that an event
 * names the plugin that published it).
 * <p>
 * {@link #publish} never blocks and never runs a listener on the caller's thread: it hands the
 * event to the queue of each listener subscribed to the topic and returns.
 */
@ProviderType
public interface EventPublisher {

	/**
	 * Publishes {@code payload} on {@code topic}.
	 *
	 * @param topic e.g. {@code acme/orders}: segments of letters, digits, {@code _}, {@code -}
	 *        and {@code .} separated by {@code /}; the runtime's own topics
	 *        ({@value PluginLifecycle#TOPIC}, {@value MonitoringPoints#TOPIC}) are refused
	 * @param payload any object; listeners read it with {@link Event#payload(Class)}
	 * @return how many listeners the event was queued for (a full queue does not count)
	 * @throws IllegalArgumentException when the topic is not valid, or is the runtime's
	 */
	int publish(String topic, Object payload);
}
