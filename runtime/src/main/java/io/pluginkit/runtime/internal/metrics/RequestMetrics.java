package io.pluginkit.runtime.internal.metrics;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.core.datapoints.DistributionDataPoint;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.Unit;
import io.pluginkit.runtime.internal.contrib.ContributionReport;
import io.pluginkit.runtime.internal.registry.PluginRegistry;
import io.pluginkit.runtime.internal.registry.PluginStateEvent;
import io.pluginkit.runtime.internal.web.RequestObserver;

/**
 * Per-plugin request figures of the default web context, fed by the {@link RequestObserver} seam:
 * {@code pluginkit_http_requests_total{plugin,status}} (status as {@code 2xx}...{@code 5xx}) and the
 * latency histogram {@code pluginkit_http_request_duration_seconds{plugin}}. The request path costs
 * two map reads and two lock-free updates: the data points of each bundle are looked up once and
 * cached (the cache is dropped when a plugin changes). Without exemplars: they would cost time per
 * request, and their tracer lookup needs OpenTelemetry classes the platform does not have. Also reported to {@code plugin:info} and the
 * admin API's plugin detail.
 */
@Component(service = { RequestObserver.class, RequestMetrics.class, ContributionReport.class },
	property = "service.ranking:Integer=-100")
public final class RequestMetrics implements RequestObserver, ContributionReport {

	/** Requests answered by the runtime itself (landing page, plain 404s) or by nobody known. */
	static final String PLATFORM = "-";
	private static final double[] BOUNDS = { .0005, .001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10 };

	/** The data points of one bundle, looked up once. */
	private static final class Points {
		final String plugin;
		final CounterDataPoint[] byClass = new CounterDataPoint[6];
		final DistributionDataPoint latency;

		Points(String plugin, Counter requests, Histogram latency) {
			this.plugin = plugin;
			for (int i = 1; i <= 5; i++) {
				byClass[i] = requests.labelValues(plugin, i + "xx");
			}
			this.latency = latency.labelValues(plugin);
		}
	}

	private final PluginRegistry registry;
	private final PrometheusRegistry prometheus;
	private final Counter requests;
	private final Histogram latency;
	private final Map<Long, Points> byBundle = new ConcurrentHashMap<>();
	private final Consumer<PluginStateEvent> forget = e -> byBundle.clear();

	@Activate
	public RequestMetrics(@Reference PluginRegistry registry, @Reference MetricsRegistry metrics) {
		this.registry = registry;
		this.prometheus = metrics.prometheus();
		this.requests = Counter.builder().name("pluginkit_http_requests")
			.help("HTTP requests of the default web context, by the plugin that answered (- = the runtime) and status class")
			.labelNames("plugin", "status").withoutExemplars().register(prometheus);
		this.latency = Histogram.builder().name("pluginkit_http_request_duration_seconds")
			.help("Time from the web chain taking a request until its response was handed over, by plugin")
			.unit(Unit.SECONDS).classicOnly().classicUpperBounds(BOUNDS).labelNames("plugin").withoutExemplars().register(prometheus);
		registry.addListener(forget);
	}

	@Deactivate
	void deactivate() {
		registry.removeListener(forget);
		prometheus.unregister(requests);
		prometheus.unregister(latency);
	}

	@Override
	public void requestDone(String requestId, String method, String path, int status, long durationNanos, long bundleId) {
		Points p = byBundle.get(bundleId);
		if (p == null) {
			p = byBundle.computeIfAbsent(bundleId, id -> new Points(registry.pluginName(id).orElse(PLATFORM), requests, latency));
		}
		int statusClass = status / 100;
		p.byClass[statusClass >= 1 && statusClass <= 5 ? statusClass : 5].inc();
		p.latency.observe(durationNanos / 1e9);
	}

	@Override
	public List<String> describe(long bundleId) {
		return List.of();
	}

	@Override
	public List<String> metrics(long bundleId) {
		Points p = byBundle.get(bundleId);
		if (p == null) {
			return List.of();
		}
		long total = 0;
		StringBuilder classes = new StringBuilder();
		for (int i = 1; i <= 5; i++) {
			long n = (long) p.byClass[i].get();
			total += n;
			if (n > 0) {
				classes.append(classes.length() == 0 ? "" : ", ").append(i).append("xx: ").append(n);
			}
		}
		return total == 0 ? List.of() : List.of("requests: " + total + " (" + classes + ")"
			+ String.format(Locale.ROOT, ", mean %.2f ms", sumSeconds(p) * 1000 / total));
	}

	private double sumSeconds(Points p) {
		return latency.collect().getDataPoints().stream().filter(d -> p.plugin.equals(d.getLabels().get("plugin")))
			.mapToDouble(d -> d.getSum()).sum();
	}
}
