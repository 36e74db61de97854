package io.pluginkit.runtime.internal.metrics;

import java.util.List;
import java.util.function.Consumer;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

import io.pluginkit.runtime.internal.contrib.ContributionReport;
import io.pluginkit.runtime.internal.registry.PluginRegistry;
import io.pluginkit.runtime.internal.registry.PluginStateEvent;
import io.pluginkit.runtime.internal.web.RequestObserver;
import jakarta.servlet.http.HttpServletRequest;

/**
 * Per-plugin request figures of the default web context ({@link RequestFigures}), fed by the
 * {@link RequestObserver} seam; also reported to {@code plugin:info} and the admin API's plugin
 * detail ({@code requests: 12 (2xx: 12), mean 0.40 ms}).
 */
@Component(service = { RequestObserver.class, ContributionReport.class }, property = "service.ranking:Integer=-100")
public final class RequestMetrics implements RequestObserver, ContributionReport {

	private final PluginRegistry registry;
	private final RequestFigures figures;
	private final Consumer<PluginStateEvent> forget;

	@Activate
	public RequestMetrics(@Reference PluginRegistry registry, @Reference MetricsRegistry metrics) {
		this.registry = registry;
		this.figures = new RequestFigures(metrics.prometheus(), registry::pluginName);
		this.forget = e -> figures.forgetNames();
		registry.addListener(forget);
	}

	@Deactivate
	void deactivate() {
		registry.removeListener(forget);
		figures.close();
	}

	@Override
	public void requestDone(HttpServletRequest request, String method, String path, int status, long durationNanos,
		long bundleId) {
		figures.record(status, durationNanos, bundleId);
	}

	@Override
	public List<String> describe(long bundleId) {
		return List.of();
	}

	@Override
	public List<String> metrics(long bundleId) {
		return figures.summary(bundleId).map(List::of).orElse(List.of());
	}
}
