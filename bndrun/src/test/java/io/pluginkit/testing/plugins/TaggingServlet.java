package io.pluginkit.testing.plugins;

import java.io.IOException;

import io.pluginkit.api.event.RequestPoint;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/** A test plugin's servlet that adds a tag and a field to its request's monitoring point. */
public class TaggingServlet extends HttpServlet {

	private static final long serialVersionUID = 1L;

	public void activate() {
	}

	@Override
	protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
		RequestPoint.of(req).tag("camera", "3").field("faces", 2);
		resp.setContentType("text/plain;charset=utf-8");
		resp.getWriter().print("tagged");
	}
}
