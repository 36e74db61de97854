package ${package};

import java.io.IOException;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;

import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * {@code GET /${pluginName}}: this plugin's page, a servlet registered through the OSGi HTTP Whiteboard.
 * The pattern {@code /${pluginName}/*} also matches {@code /${pluginName}} itself.
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletPattern("/${pluginName}/*")
public class HelloServlet extends HttpServlet {

	private static final long serialVersionUID = 1L;

	@Override
	protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
		String rest = request.getPathInfo();
		if (rest != null && !rest.equals("/")) {
			response.sendError(HttpServletResponse.SC_NOT_FOUND); // rendered by NotFoundPage
			return;
		}
		response.setContentType("text/html; charset=UTF-8");
		response.getWriter().write("<!doctype html><title>${pluginName}</title>"
			+ "<link rel=\"stylesheet\" href=\"/static/${pluginName}/style.css\">"
			+ "<h1>Hello from ${pluginName}</h1>");
	}
}
