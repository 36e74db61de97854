package ${package};

import org.osgi.service.component.annotations.Component;

import io.pluginkit.api.web.RequestHook;
import io.pluginkit.api.web.Response;
import jakarta.servlet.http.HttpServletRequest;

/**
 * A request hook: {@code before} runs ahead of the servlet and may answer instead of it (here:
 * {@code /${pluginName}/old} is redirected); {@code after} sees the response and may change or replace
 * it (here: a header with the time taken).
 * <p>
 * Hooks nest like filters: {@code before} in ranking order (highest first), {@code after} in reverse. A
 * {@code before} that answers skips the hooks ranked below it, their {@code after} included, so a
 * hook that must see every response (a redirect of another plugin too) ranks high. The ranking is an
 * Integer service property: {@code "service.ranking:Integer=100"} (without {@code :Integer} it would
 * be a String, which OSGi ignores).
 */
@Component(property = "service.ranking:Integer=100")
public class TimingHook implements RequestHook {

	static final String HEADER = "X-${pluginName}-Time";
	private static final String STARTED = TimingHook.class.getName() + ".started";

	@Override
	public Response before(HttpServletRequest request) {
		request.setAttribute(STARTED, System.nanoTime());
		String path = request.getRequestURI().substring(request.getContextPath().length());
		if (path.equals("/${pluginName}/old")) {
			return Response.redirect("/${pluginName}"); // ends the request here; after() below still runs
		}
		return null; // go on: later hooks, then the servlet
	}

	@Override
	public Response after(HttpServletRequest request, Response response) {
		if (request.getAttribute(STARTED) instanceof Long started) {
			response.header(HEADER, (System.nanoTime() - started) / 1000 + "us");
		}
		return response; // or return a new Response to replace it
	}
}
