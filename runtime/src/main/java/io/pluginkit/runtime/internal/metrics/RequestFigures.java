package io.pluginkit.runtime.internal.metrics;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongFunction;

import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.core.datapoints.DistributionDataPoint;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.Unit;

/**
 * The request counter and latency histogram per plugin, plain Java (the benchmark uses it as it is):
 * {@code pluginkit_http_requests_total{plugin,status}} (status as {@code 2xx}...{@code 5xx}) and
 * {@code pluginkit_http_request_duration_seconds{plugin}}. A request costs one map read and two
 * lock-free updates: the data points of each bundle are looked up once and cached until
 * {@link #forgetNames()}. Without exemplars: they would cost time per request, and their tracer
 * lookup needs OpenTelemetry classes the platform does not have.
 */
public final class RequestFigures {

	/** Requests answered by the runtime itself (landing page, plain 404s) or by nobody known. */
	public static final String PLATFORM = "-";
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

	private final PrometheusRegistry prometheus;
	private final LongFunction<Optional<String>> pluginNames;
	private final Counter requests;
	private final Histogram latency;
	private final Map<Long, Points> byBundle = new ConcurrentHashMap<>();

	/**
	 * @param pluginNames the plugin of a bundle id, if it is one
	 */
	public RequestFigures(PrometheusRegistry prometheus, LongFunction<Optional<String>> pluginNames) {
		this.prometheus = prometheus;
		this.pluginNames = pluginNames;
		this.requests = Counter.builder().name("pluginkit_http_requests")
			.help("HTTP requests of the default web context, by the plugin that answered (- = the runtime) and status class")
			.labelNames("plugin", "status").withoutExemplars().register(prometheus);
		this.latency = Histogram.builder().name("pluginkit_http_request_duration_seconds")
			.help("Time from the web chain taking a request until its response was handed over, by plugin")
			.unit(Unit.SECONDS).classicOnly().classicUpperBounds(BOUNDS).labelNames("plugin").withoutExemplars()
			.register(prometheus);
	}

	/** One request is done (on the request thread). */
	public void record(int status, long durationNanos, long bundleId) {
		Points p = byBundle.get(bundleId);
		if (p == null) {
			p = byBundle.computeIfAbsent(bundleId, id -> new Points(pluginNames.apply(id).orElse(PLATFORM), requests, latency));
		}
		int statusClass = status / 100;
		p.byClass[statusClass >= 1 && statusClass <= 5 ? statusClass : 5].inc();
		p.latency.observe(durationNanos / 1e9);
	}

	/** A plugin changed (installed, updated, uninstalled): bundle ids are looked up again. */
	public void forgetNames() {
		byBundle.clear();
	}

	/** {@code requests: 12 (2xx: 11, 4xx: 1), mean 0.40 ms}, or nothing when the bundle answered none. */
	public Optional<String> summary(long bundleId) {
		Points p = byBundle.get(bundleId);
		if (p == null) {
			return Optional.empty();
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
		if (total == 0) {
			return Optional.empty();
		}
		double seconds = latency.collect().getDataPoints().stream().filter(d -> p.plugin.equals(d.getLabels().get("plugin")))
			.mapToDouble(d -> d.getSum()).sum();
		return Optional.of("requests: " + total + " (" + classes + ")"
			+ String.format(Locale.ROOT, ", mean %.2f ms", seconds * 1000 / total));
	}

	/** Takes the two metrics out of the registry. */
	public void close() {
		prometheus.unregister(requests);
		prometheus.unregister(latency);
	}
}
