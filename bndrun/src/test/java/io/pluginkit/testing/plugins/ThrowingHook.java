package io.pluginkit.testing.plugins;

import java.util.Map;

import io.pluginkit.api.web.RequestHook;
import io.pluginkit.api.web.Response;
import jakarta.servlet.http.HttpServletRequest;

/** A test plugin's hook that throws for paths under {@code /boom}. */
public class ThrowingHook implements RequestHook {

	public void activate(Map<String, Object> properties) {
	}

	@Override
	public Response before(HttpServletRequest request) {
		if (request.getRequestURI().startsWith("/boom")) {
			throw new IllegalStateException("hook exploded");
		}
		return null;
	}
}
