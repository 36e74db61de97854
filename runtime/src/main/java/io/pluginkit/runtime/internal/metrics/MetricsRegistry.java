package io.pluginkit.runtime.internal.metrics;

import org.osgi.service.component.annotations.Component;

import io.prometheus.metrics.model.registry.PrometheusRegistry;

/**
 * The one Prometheus registry of the runtime (not the library's global default, so that a plugin
 * that uses Prometheus itself cannot collide with PluginKit's names). {@code /metrics} scrapes it.
 */
@Component(service = MetricsRegistry.class)
public final class MetricsRegistry {

	private final PrometheusRegistry prometheus = new PrometheusRegistry();

	public PrometheusRegistry prometheus() {
		return prometheus;
	}
}
