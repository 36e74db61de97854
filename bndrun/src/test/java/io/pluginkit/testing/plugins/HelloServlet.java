package io.pluginkit.testing.plugins;

import java.io.IOException;
import java.util.Map;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/** A test plugin's servlet: answers its configured {@code message} as text. */
public class HelloServlet extends HttpServlet {

	private static final long serialVersionUID = 1L;
	private volatile String message = "hello";

	public void activate(Map<String, Object> properties) {
		Object m = properties.get("message");
		if (m != null) {
			message = m.toString();
		}
	}

	@Override
	protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
		resp.setContentType("text/plain;charset=utf-8");
		resp.getWriter().print(message);
	}
}
