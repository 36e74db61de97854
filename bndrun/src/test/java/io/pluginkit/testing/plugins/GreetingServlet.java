package io.pluginkit.testing.plugins;

import java.io.IOException;
import java.util.Map;

import io.pluginkit.testing.greeting.Greeting;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * A test plugin's servlet that needs the {@link Greeting} service (a mandatory static reference,
 * injected into {@link #greeting}) and answers what it says.
 */
public class GreetingServlet extends HttpServlet {

	private static final long serialVersionUID = 1L;

	/** Set by Declarative Services (field injection) before {@link #activate}. */
	private Greeting greeting;

	public void activate(Map<String, Object> properties) {
	}

	@Override
	protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
		resp.setContentType("text/plain;charset=utf-8");
		resp.getWriter().print(greeting.greet());
	}
}
