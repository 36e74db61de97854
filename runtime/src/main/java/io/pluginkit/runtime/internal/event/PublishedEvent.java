package io.pluginkit.runtime.internal.event;

import java.time.Instant;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.ToNumberPolicy;

import io.pluginkit.api.event.Event;

/** An event as listeners receive it; its payload converts through JSON when asked for another type. */
final class PublishedEvent implements Event {

	/** Numbers read as {@code Long} when whole, else {@code Double}, so a posted {@code 3} stays {@code 3}. */
	static final Gson GSON = new GsonBuilder().serializeNulls()
		.setObjectToNumberStrategy(ToNumberPolicy.LONG_OR_DOUBLE)
		.setNumberToNumberStrategy(ToNumberPolicy.LONG_OR_DOUBLE)
		.create();

	private final String topic;
	private final long timeMillis;
	private final String source;
	private final Object payload;

	PublishedEvent(String topic, String source, Object payload) {
		this.topic = topic;
		this.timeMillis = System.currentTimeMillis();
		this.source = source;
		this.payload = payload;
	}

	@Override
	public String topic() {
		return topic;
	}

	@Override
	public Instant time() {
		return Instant.ofEpochMilli(timeMillis);
	}

	@Override
	public String source() {
		return source;
	}

	@Override
	public Object payload() {
		return payload;
	}

	@Override
	public <T> T payload(Class<T> type) {
		if (payload == null || type.isInstance(payload)) {
			return type.cast(payload);
		}
		try {
			T converted = GSON.fromJson(GSON.toJsonTree(payload), type);
			if (converted == null) {
				throw new IllegalArgumentException("no value");
			}
			return converted;
		} catch (RuntimeException e) {
			throw new IllegalArgumentException("the payload of topic '" + topic + "' (" + payload.getClass().getName()
				+ ") does not convert to " + type.getName() + ": " + e.getMessage(), e);
		}
	}

	@Override
	public String toString() {
		return "event on " + topic + " from " + source;
	}
}
