package io.pluginkit.testing.plugins;

import java.util.Map;

import io.pluginkit.api.web.RequestHook;
import io.pluginkit.api.web.Response;
import jakarta.servlet.http.HttpServletRequest;

/** A test plugin's hook that throws for paths under its {@code prefix} property (default {@code /boom}). */
public class ThrowingHook implements RequestHook {

	private volatile String prefix = "/boom";

	public void activate(Map<String, Object> properties) {
		Object p = properties.get("prefix");
		if (p != null) {
			prefix = p.toString();
		}
	}

	@Override
	public Response before(HttpServletRequest request) {
		if (request.getRequestURI().startsWith(prefix)) {
			throw new IllegalStateException("hook exploded");
		}
		return null;
	}
}
