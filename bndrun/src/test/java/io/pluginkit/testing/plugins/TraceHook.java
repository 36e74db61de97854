package io.pluginkit.testing.plugins;

import java.util.Map;

import io.pluginkit.api.web.RequestHook;
import io.pluginkit.api.web.Response;
import jakarta.servlet.http.HttpServletRequest;

/**
 * A test plugin's hook that leaves a trace of the order hooks run in, on requests that carry
 * {@code X-Trace}: each {@code before} appends its {@code name} to {@code X-Trace-Before}, each
 * {@code after} to {@code X-Trace-After} (response headers the client sees).
 */
public class TraceHook implements RequestHook {

	static final String ATTRIBUTE = "pluginkit.test.trace";

	private volatile String name = "trace";

	public void activate(Map<String, Object> properties) {
		Object n = properties.get("name");
		if (n != null) {
			name = n.toString();
		}
	}

	@Override
	public Response before(HttpServletRequest request) {
		if (request.getHeader("X-Trace") != null) {
			Object trace = request.getAttribute(ATTRIBUTE);
			request.setAttribute(ATTRIBUTE, trace == null ? name : trace + "," + name);
		}
		return null;
	}

	@Override
	public Response after(HttpServletRequest request, Response response) {
		if (request.getHeader("X-Trace") != null) {
			String after = response.header("X-Trace-After");
			response.header("X-Trace-After", after == null ? name : after + "," + name);
			response.header("X-Trace-Before", String.valueOf(request.getAttribute(ATTRIBUTE)));
		}
		return response;
	}
}
