package io.pluginkit.runtime.internal.web;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;

import io.pluginkit.runtime.internal.registry.PluginInfo;
import io.pluginkit.runtime.internal.registry.PluginRegistry;
import io.pluginkit.runtime.internal.registry.PluginState;
import io.pluginkit.runtime.internal.template.TemplateEngines;
import jakarta.servlet.Servlet;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The default servlet: {@code /} is the landing page, the runtime's template
 * {@code pluginkit/index.html}, listing the enabled plugins (from the registry
 * snapshot) with the points {@code index_header}, {@code index_content} and
 * {@code index_footer} that plugins fill; any other path no servlet claimed is a
 * 404 whatever the method, rendered by the error handlers.
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletName("pluginkit.landing")
@HttpWhiteboardServletPattern("/")
public final class LandingPage extends HttpServlet {

	private static final long serialVersionUID = 1L;

	private final transient PluginRegistry registry;
	private final transient TemplateEngines templates;

	@Activate
	public LandingPage(@Reference PluginRegistry registry, @Reference TemplateEngines templates) {
		this.registry = registry;
		this.templates = templates;
	}

	/** Any method on a path no servlet claimed is a 404: nothing lives there (not a 405, which says something does). */
	@Override
	protected void service(HttpServletRequest req, HttpServletResponse resp) throws ServletException, IOException {
		String path = req.getRequestURI().substring(req.getContextPath().length());
		if (!path.equals("/") && !path.isEmpty()) {
			resp.sendError(404);
			return;
		}
		super.service(req, resp);
	}

	@Override
	protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
		List<Map<String, Object>> plugins = new ArrayList<>();
		for (PluginInfo p : registry.snapshot().plugins()) {
			if (p.state() == PluginState.ENABLED) {
				Map<String, Object> row = new LinkedHashMap<>();
				row.put("name", p.name());
				row.put("version", p.version());
				row.put("author", p.author());
				row.put("description", p.description());
				row.put("url", p.url());
				row.put("license", p.license());
				plugins.add(row);
			}
		}
		String html = templates.renderRuntime("pluginkit/index.html", Map.of("plugins", plugins));
		resp.setContentType("text/html; charset=UTF-8");
		resp.getWriter().write(html);
	}
}
