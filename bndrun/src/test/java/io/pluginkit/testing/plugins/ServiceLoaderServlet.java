package io.pluginkit.testing.plugins;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

import io.pluginkit.testing.greeting.Greeting;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * A test plugin's servlet that finds {@link Greeting}s with {@code java.util.ServiceLoader}, as code written
 * for the JDK's service loader does, and answers what they say (or {@code no greeting}).
 */
public class ServiceLoaderServlet extends HttpServlet {

	private static final long serialVersionUID = 1L;

	public void activate(Map<String, Object> properties) {
	}

	@Override
	protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
		List<String> said = new ArrayList<>();
		for (Greeting greeting : ServiceLoader.load(Greeting.class)) {
			said.add(greeting.greet());
		}
		resp.setContentType("text/plain;charset=utf-8");
		resp.getWriter().print(said.isEmpty() ? "no greeting" : String.join(", ", said));
	}
}
