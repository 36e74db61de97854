package io.pluginkit.runtime.internal.event;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.LongFunction;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.pluginkit.api.event.MonitoringPoint;
import io.pluginkit.api.event.MonitoringPoints;
import io.pluginkit.api.event.RequestPoint;

/**
 * The points of {@code pluginkit/monitoring} between two batches: {@link #add} on request threads
 * (nothing when nobody listens), {@link #flush} on the flusher's thread. Plain Java, so that the
 * benchmark measures what a request pays. Points waiting beyond {@value #MAX_WAITING} (nobody
 * flushes) are dropped and counted.
 */
public final class MonitoringBatches {

	public static final int BATCH_SIZE = 1000;
	static final int MAX_WAITING = 100_000;
	private static final Logger LOG = LoggerFactory.getLogger(MonitoringBatches.class);

	private final BooleanSupplier listening;
	private final LongFunction<String> pluginNames;
	private final Consumer<MonitoringPoints> publish;
	private final ConcurrentLinkedQueue<MonitoringPoint> waiting = new ConcurrentLinkedQueue<>();
	private final AtomicInteger count = new AtomicInteger();
	private final LongAdder dropped = new LongAdder();

	/**
	 * @param listening whether anyone listens to {@code pluginkit/monitoring} now
	 * @param pluginNames the plugin's name for a bundle id
	 * @param publish publishes one batch
	 */
	public MonitoringBatches(BooleanSupplier listening, LongFunction<String> pluginNames, Consumer<MonitoringPoints> publish) {
		this.listening = listening;
		this.pluginNames = pluginNames;
		this.publish = publish;
	}

	/** Whether anyone listens to {@code pluginkit/monitoring} now: when not, a request's point is not even looked up. */
	public boolean wanted() {
		return listening.getAsBoolean();
	}

	/**
	 * One request ended; see {@code RequestObserver}.
	 *
	 * @param added what plugins added to the request's point, or {@code null}
	 * @return whether a batch is full (the caller asks for a flush)
	 */
	public boolean add(RequestPoint added, String requestId, String method, String path, int status, long durationNanos,
		long bundleId) {
		if (!listening.getAsBoolean()) {
			return false;
		}
		if (count.incrementAndGet() > MAX_WAITING) {
			count.decrementAndGet();
			dropped.increment();
			return false;
		}
		String plugin = bundleId < 0 ? null : pluginNames.apply(bundleId);
		Map<String, String> tags = new LinkedHashMap<>();
		Map<String, Object> fields = new LinkedHashMap<>();
		if (added != null) {
			tags.putAll(added.tags());
			fields.putAll(added.fields());
		}
		double millis = durationNanos / 1_000_000.0;
		tags.put("request_id", requestId);
		tags.put("method", method);
		tags.put("path", path);
		tags.put("status", Integer.toString(status));
		if (plugin != null) {
			tags.put("plugin", plugin);
		}
		fields.put("duration_ms", millis);
		waiting.add(new MonitoringPoint(requestId, Instant.now(), method, path, status, millis, plugin, tags, fields));
		return count.get() == BATCH_SIZE;
	}

	/** Publishes what is waiting as batches of at most {@value #BATCH_SIZE} points, oldest first. */
	public void flush() {
		for (;;) {
			List<MonitoringPoint> batch = new ArrayList<>();
			MonitoringPoint p;
			while (batch.size() < BATCH_SIZE && (p = waiting.poll()) != null) {
				batch.add(p);
			}
			if (batch.isEmpty()) {
				break;
			}
			count.addAndGet(-batch.size());
			publish.accept(new MonitoringPoints(List.copyOf(batch)));
		}
		long lost = dropped.sumThenReset();
		if (lost > 0) {
			LOG.warn("{} monitoring points dropped: more than {} were waiting", lost, MAX_WAITING);
		}
	}
}
