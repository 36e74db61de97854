package io.pluginkit.testing.plugins;

import java.io.IOException;
import java.util.Map;

import io.pluginkit.api.template.Templates;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/** A test plugin's page: renders the plugin's template named by the parameter {@code t}. */
public class TemplatePage extends HttpServlet {

	private static final long serialVersionUID = 1L;

	private Templates templates;

	public void activate(Map<String, Object> properties) {
		// nothing to read
	}

	@Override
	protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
		String html = templates.render(req.getParameter("t"), Map.of("who", "<b>visitor</b>"));
		resp.setContentType("text/html; charset=UTF-8");
		resp.getWriter().write(html);
	}
}
