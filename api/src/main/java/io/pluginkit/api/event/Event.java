package io.pluginkit.api.event;

import java.time.Instant;

import org.osgi.annotation.versioning.ProviderType;

/** One published event, as a listener receives it. Immutable. */
@ProviderType
public interface Event {

	/** The topic it was published on, e.g. {@code pluginkit/lifecycle}. */
	String topic();

	/** When it was published. */
	Instant time();

	/**
	 * Who published it: a plugin's name, {@code pluginkit} for the runtime's own topics, or
	 * {@code api} for {@code POST /api/events/{topic}}.
	 */
	String source();

	/**
	 * The payload as published: the object a plugin passed, a {@link PluginLifecycle} or
	 * {@link MonitoringPoints} from the runtime, and for {@code POST /api/events} the JSON as
	 * {@code Map}, {@code List}, {@code String}, {@code Long}/{@code Double}, {@code Boolean} or
	 * {@code null}.
	 */
	Object payload();

	/**
	 * The payload as {@code type}: the payload itself when it is one, else converted through its
	 * JSON form (records and plain classes by their component or field names, maps, lists), e.g.
	 * a {@code SendingEvent} record from the JSON an HTTP client posted.
	 *
	 * @throws IllegalArgumentException when the payload does not convert to {@code type}; the
	 *         message names the topic and the type
	 */
	<T> T payload(Class<T> type);
}
