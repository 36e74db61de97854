package io.pluginkit.sample.helloworld;

import org.osgi.service.component.annotations.Component;

import io.pluginkit.api.web.RequestHook;
import io.pluginkit.api.web.Response;
import jakarta.servlet.http.HttpServletRequest;

/**
 * Before every request: {@code GET /} from 127.0.0.1 (the {@code X-Real-Ip}
 * header, or else the remote address) is redirected to {@code /limit}.
 */
@Component
public class LocalhostLimit implements RequestHook {

	static final String LIMITED_IP = "127.0.0.1";

	@Override
	public Response before(HttpServletRequest request) {
		String path = request.getRequestURI().substring(request.getContextPath().length());
		if ("GET".equals(request.getMethod()) && (path.equals("/") || path.isEmpty())
			&& LIMITED_IP.equals(clientIp(request))) {
			return Response.redirect("/limit");
		}
		return null;
	}

	static String clientIp(HttpServletRequest request) {
		String real = request.getHeader("X-Real-Ip");
		return real != null && !real.isBlank() ? real.trim() : request.getRemoteAddr();
	}
}
