package io.pluginkit.runtime.internal.web;

import java.io.IOException;
import java.util.Map;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardContextSelect;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;

import io.pluginkit.runtime.internal.registry.PluginRegistry;
import io.pluginkit.runtime.internal.registry.PluginState;
import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/** {@code /health}: {@code {"status":"UP","plugins":{"enabled":N,"disabled":M,"failed":K}}}. */
@Component(service = Servlet.class)
@HttpWhiteboardContextSelect(PlatformContext.SELECT)
@HttpWhiteboardServletName("pluginkit.health")
@HttpWhiteboardServletPattern("/health")
public final class Health extends HttpServlet {

	private static final long serialVersionUID = 1L;

	private final transient PluginRegistry registry;

	@Activate
	public Health(@Reference PluginRegistry registry) {
		this.registry = registry;
	}

	@Override
	protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
		Map<PluginState, Integer> counts = registry.counts();
		resp.setContentType("application/json");
		resp.setHeader("Cache-Control", "no-store");
		resp.getWriter()
			.write("{\"status\":\"UP\",\"plugins\":{\"enabled\":" + counts.get(PluginState.ENABLED) + ",\"disabled\":"
				+ counts.get(PluginState.DISABLED) + ",\"failed\":" + counts.get(PluginState.FAILED) + "}}");
	}
}
