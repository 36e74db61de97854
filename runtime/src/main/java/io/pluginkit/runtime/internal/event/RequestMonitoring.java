package io.pluginkit.runtime.internal.event;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.pluginkit.api.event.MonitoringPoint;
import io.pluginkit.api.event.MonitoringPoints;
import io.pluginkit.api.event.RequestPoint;
import io.pluginkit.runtime.internal.web.RequestObserver;
import jakarta.servlet.http.HttpServletRequest;

/**
 * Publishes {@code pluginkit/monitoring}: a {@link MonitoringPoint} per request of the default
 * web context, with the tags and fields plugins added through {@link RequestPoint}, delivered in
 * batches (LUNA's {@code flushPointToMonitoring(points)}) every {@code pluginkit.monitoring.batch.ms}
 * (PID {@code pluginkit.events}, default 100 ms) or sooner when {@value #BATCH_SIZE} are waiting.
 * <p>
 * Costs the request path a check of whether anyone listens; with a listener, building the point
 * and a lock-free enqueue. Points waiting beyond {@value #MAX_WAITING} (nobody drains them) are
 * dropped and counted.
 */
@Component(service = RequestObserver.class, configurationPid = "pluginkit.events")
public final class RequestMonitoring implements RequestObserver {

	static final long DEFAULT_BATCH_MILLIS = 100;
	static final int BATCH_SIZE = 1000;
	static final int MAX_WAITING = 100_000;

	private static final Logger LOG = LoggerFactory.getLogger(RequestMonitoring.class);

	private final Events events;
	private final ConcurrentLinkedQueue<MonitoringPoint> waiting = new ConcurrentLinkedQueue<>();
	private final AtomicInteger count = new AtomicInteger();
	private final LongAdder dropped = new LongAdder();
	private final ScheduledExecutorService flusher = Executors.newSingleThreadScheduledExecutor(r -> {
		Thread t = new Thread(r, "pluginkit-monitoring");
		t.setDaemon(true);
		return t;
	});
	private ScheduledFuture<?> schedule;

	@Activate
	public RequestMonitoring(@Reference Events events, Map<String, Object> configuration) {
		this.events = events;
		reschedule(configuration);
	}

	@Modified
	synchronized void reschedule(Map<String, Object> configuration) {
		if (schedule != null) {
			schedule.cancel(false);
		}
		long every = events.number(configuration, "pluginkit.monitoring.batch.ms", DEFAULT_BATCH_MILLIS);
		schedule = flusher.scheduleWithFixedDelay(this::flush, every, every, TimeUnit.MILLISECONDS);
	}

	@Deactivate
	void deactivate() {
		flusher.shutdownNow();
	}

	@Override
	public void requestDone(String requestId, String method, String path, int status, long durationNanos, long bundleId) {
		requestDone(null, requestId, method, path, status, durationNanos, bundleId);
	}

	@Override
	public void requestDone(HttpServletRequest request, String requestId, String method, String path, int status,
		long durationNanos, long bundleId) {
		if (!events.hasListeners(MonitoringPoints.TOPIC)) {
			return;
		}
		if (count.incrementAndGet() > MAX_WAITING) {
			count.decrementAndGet();
			dropped.increment();
			return;
		}
		String plugin = bundleId < 0 ? null : events.pluginName(bundleId);
		RequestPoint added = request == null ? null : RequestPoint.peek(request);
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
		if (count.get() == BATCH_SIZE) {
			flusher.execute(this::flush);
		}
	}

	/** Publishes what is waiting as batches of at most {@value #BATCH_SIZE} points. */
	void flush() {
		try {
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
				events.publish(MonitoringPoints.TOPIC, Events.RUNTIME, new MonitoringPoints(List.copyOf(batch)));
			}
			long lost = dropped.sumThenReset();
			if (lost > 0) {
				LOG.warn("{} monitoring points dropped: more than {} were waiting", lost, MAX_WAITING);
			}
		} catch (RuntimeException e) {
			LOG.error("monitoring: {}", e.toString(), e);
		}
	}
}
