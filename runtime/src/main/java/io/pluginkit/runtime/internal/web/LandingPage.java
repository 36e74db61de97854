package io.pluginkit.runtime.internal.web;

import java.io.IOException;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;

import io.pluginkit.runtime.internal.registry.PluginInfo;
import io.pluginkit.runtime.internal.registry.PluginRegistry;
import io.pluginkit.runtime.internal.registry.PluginState;
import jakarta.servlet.Servlet;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The default servlet: {@code /} is the landing page listing the enabled
 * plugins; any other path no servlet claimed is a 404 whatever the method,
 * rendered by the error handlers.
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletName("pluginkit.landing")
@HttpWhiteboardServletPattern("/")
public final class LandingPage extends HttpServlet {

	private static final long serialVersionUID = 1L;

	private final transient PluginRegistry registry;

	@Activate
	public LandingPage(@Reference PluginRegistry registry) {
		this.registry = registry;
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
		StringBuilder html = new StringBuilder(1024);
		html.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head><meta charset=\"utf-8\"><title>PluginKit</title></head>\n")
			.append("<body>\n<h1>PluginKit</h1>\n<h2>Enabled plugins</h2>\n<ul id=\"plugins\">\n");
		int n = 0;
		for (PluginInfo p : registry.snapshot().plugins()) {
			if (p.state() == PluginState.ENABLED) {
				n++;
				html.append("<li data-plugin=\"").append(Html.escape(p.name())).append("\"><strong>")
					.append(Html.escape(p.name())).append("</strong> ").append(Html.escape(p.version()));
				if (p.description() != null) {
					html.append(" &mdash; ").append(Html.escape(p.description()));
				}
				html.append("</li>\n");
			}
		}
		if (n == 0) {
			html.append("<li>none</li>\n");
		}
		html.append("</ul>\n</body>\n</html>\n");
		resp.setContentType("text/html; charset=UTF-8");
		resp.getWriter().write(html.toString());
	}
}
