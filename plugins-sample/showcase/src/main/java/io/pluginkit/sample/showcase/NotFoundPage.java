package io.pluginkit.sample.showcase;

import java.util.Map;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.pluginkit.api.template.Templates;
import io.pluginkit.api.web.ErrorHandler;
import io.pluginkit.api.web.HandlesErrors;
import io.pluginkit.api.web.Response;
import jakarta.servlet.http.HttpServletRequest;

/** Every 404 while the plugin is enabled: its page {@code demo/404.html} ("Not Found Page"). */
@Component
@HandlesErrors(status = 404)
public class NotFoundPage implements ErrorHandler {

	private final Templates templates;

	@Activate
	public NotFoundPage(@Reference Templates templates) {
		this.templates = templates;
	}

	@Override
	public Response handle(HttpServletRequest request, int status, Throwable error) {
		return templates.response(404, "demo/404.html", Map.of("path", request.getRequestURI()));
	}
}
