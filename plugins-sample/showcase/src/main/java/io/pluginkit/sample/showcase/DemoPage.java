package io.pluginkit.sample.showcase;

import java.io.IOException;
import java.util.Map;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;

import io.pluginkit.api.template.Templates;
import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/** {@code GET /showcase}: the plugin's page, its template {@code demo/demo.html}. */
@Component(service = Servlet.class)
@HttpWhiteboardServletPattern("/showcase")
public class DemoPage extends HttpServlet {

	private static final long serialVersionUID = 1L;

	private final transient Templates templates;

	@Activate
	public DemoPage(@Reference Templates templates) {
		this.templates = templates;
	}

	@Override
	protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
		String html = templates.render("demo/demo.html", Map.of("extra", "from the showcase page"));
		resp.setContentType("text/html; charset=UTF-8");
		resp.getWriter().write(html);
	}
}
