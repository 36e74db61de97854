package ${package};

import org.osgi.service.component.annotations.Component;

import io.pluginkit.api.template.Html;
import io.pluginkit.api.web.ErrorHandler;
import io.pluginkit.api.web.HandlesErrors;
import io.pluginkit.api.web.Response;
import jakarta.servlet.http.HttpServletRequest;

/**
 * The 404 page of {@code /${pluginName}/...}. An error handler sees every 404 of PluginKit: returning
 * {@code null} for the others lets the next handler (or PluginKit's own page) render them.
 */
@Component
@HandlesErrors(status = 404)
public class NotFoundPage implements ErrorHandler {

	@Override
	public Response handle(HttpServletRequest request, int status, Throwable error) {
		String path = request.getRequestURI();
		if (!path.startsWith("/${pluginName}/")) {
			return null;
		}
		return Response.html(404, "<!doctype html><title>Not found</title>"
			+ "<link rel=\"stylesheet\" href=\"/static/${pluginName}/style.css\">"
			+ "<h1>${pluginName}: nothing at " + Html.escape(path) + "</h1>");
	}
}
