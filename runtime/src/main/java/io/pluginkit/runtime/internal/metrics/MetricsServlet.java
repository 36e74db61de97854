package io.pluginkit.runtime.internal.metrics;

import java.io.IOException;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardContextSelect;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;

import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.pluginkit.runtime.internal.web.PlatformContext;
import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * {@code GET /metrics}: every {@code pluginkit_*} metric in Prometheus' text format (0.0.4), in the
 * platform context beside {@code /health}, so no plugin hook runs on a scrape. Like {@code /health}
 * it needs no token (Prometheus scrapes it); it names plugins and figures, no secret.
 */
@Component(service = Servlet.class)
@HttpWhiteboardContextSelect(PlatformContext.SELECT)
@HttpWhiteboardServletName("pluginkit.metrics")
@HttpWhiteboardServletPattern("/metrics")
public final class MetricsServlet extends HttpServlet {

	private static final long serialVersionUID = 1L;

	private final transient MetricsRegistry metrics;
	private final transient PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();

	@Activate
	public MetricsServlet(@Reference MetricsRegistry metrics) {
		this.metrics = metrics;
	}

	@Override
	protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
		resp.setStatus(200);
		resp.setContentType(PrometheusTextFormatWriter.CONTENT_TYPE);
		resp.setHeader("Cache-Control", "no-store");
		writer.write(resp.getOutputStream(), metrics.prometheus().scrape());
	}
}
