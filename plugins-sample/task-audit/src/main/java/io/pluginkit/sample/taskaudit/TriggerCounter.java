package io.pluginkit.sample.taskaudit;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

import org.osgi.service.component.annotations.Component;

import io.pluginkit.api.trigger.TriggerHandler;

/** A global trigger (no name): counts every trigger fired, by name; it never changes the values. */
@Component(service = { TriggerHandler.class, TriggerCounter.class })
public class TriggerCounter implements TriggerHandler {

	private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();

	@Override
	public Map<String, Object> trigger(String name, Map<String, Object> values) {
		counts.computeIfAbsent(name, n -> new LongAdder()).increment();
		return null;
	}

	/** The counts so far, by trigger name (sorted). */
	public Map<String, Long> counts() {
		Map<String, Long> result = new TreeMap<>();
		counts.forEach((name, count) -> result.put(name, count.sum()));
		return result;
	}
}
