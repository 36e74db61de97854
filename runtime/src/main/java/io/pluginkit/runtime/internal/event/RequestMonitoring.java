package io.pluginkit.runtime.internal.event;

import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.pluginkit.api.event.MonitoringPoints;
import io.pluginkit.api.event.RequestPoint;
import io.pluginkit.runtime.internal.web.RequestObserver;
import jakarta.servlet.http.HttpServletRequest;

/**
 * Publishes {@code pluginkit/monitoring}: a {@link MonitoringPoint} per request of the default
 * web context, with the tags and fields plugins added through {@link RequestPoint}, delivered in
 * batches (LUNA's {@code flushPointToMonitoring(points)}) every {@code pluginkit.monitoring.batch.ms}
 * (PID {@code pluginkit.events}, default 100 ms) or sooner when a batch of
 * {@value MonitoringBatches#BATCH_SIZE} is waiting ({@link MonitoringBatches}).
 * <p>
 * Costs the request path a check of whether anyone listens; with a listener, building the point
 * and a lock-free enqueue.
 */
@Component(service = RequestObserver.class, configurationPid = "pluginkit.events")
public final class RequestMonitoring implements RequestObserver {

	static final long DEFAULT_BATCH_MILLIS = 100;

	private static final Logger LOG = LoggerFactory.getLogger(RequestMonitoring.class);

	private final Events events;
	private final MonitoringBatches batches;
	private final ScheduledExecutorService flusher = Executors.newSingleThreadScheduledExecutor(r -> {
		Thread t = new Thread(r, "pluginkit-monitoring");
		t.setDaemon(true);
		return t;
	});
	private ScheduledFuture<?> schedule;

	@Activate
	public RequestMonitoring(@Reference Events events, Map<String, Object> configuration) {
		this.events = events;
		this.batches = new MonitoringBatches(() -> events.hasListeners(MonitoringPoints.TOPIC), events::pluginName,
			batch -> events.publish(MonitoringPoints.TOPIC, Events.RUNTIME, batch));
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
	public void requestDone(HttpServletRequest request, String method, String path, int status, long durationNanos,
		long bundleId) {
		if (!batches.wanted()) {
			return; // the common case: no listener, and neither the request's id nor its attributes are read
		}
		if (batches.add(RequestPoint.peek(request), request.getRequestId(), method, path, status, durationNanos, bundleId)) {
			flusher.execute(this::flush);
		}
	}

	private void flush() {
		try {
			batches.flush();
		} catch (RuntimeException e) {
			LOG.error("monitoring: {}", e.toString(), e);
		}
	}
}
