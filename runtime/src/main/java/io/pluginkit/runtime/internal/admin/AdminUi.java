package io.pluginkit.runtime.internal.admin;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.util.Map;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardContextSelect;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;

import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The admin UI at {@code /admin}: one page and its script and style, served from the runtime's
 * {@code admin-ui/} folder (no CDN, nothing fetched from elsewhere), under a Content Security Policy
 * that allows only this origin's scripts and styles. The page holds no secret: it logs in with the
 * token and then uses the admin API with its session cookie and CSRF token.
 */
@Component(service = Servlet.class)
@HttpWhiteboardContextSelect(AdminContext.SELECT)
@HttpWhiteboardServletName("pluginkit.admin.ui")
@HttpWhiteboardServletPattern("/")
public final class AdminUi extends HttpServlet {

	private static final long serialVersionUID = 1L;
	static final String FOLDER = "admin-ui";
	private static final Map<String, String> FILES = Map.of(
		"/", "index.html;text/html",
		"/index.html", "index.html;text/html",
		"/app.js", "app.js;text/javascript",
		"/app.css", "app.css;text/css",
		"/favicon.svg", "favicon.svg;image/svg+xml");
	static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
		+ "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

	private final transient BundleContext context;

	@Activate
	public AdminUi(BundleContext context) {
		this.context = context;
	}

	@Override
	protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
		String path = req.getRequestURI().substring(req.getContextPath().length());
		if (path.isEmpty()) {
			resp.sendRedirect(AdminContext.PATH + "/");
			return;
		}
		String file = FILES.get(path);
		URL url = file == null ? null : context.getBundle().getEntry(FOLDER + "/" + file.substring(0, file.indexOf(';')));
		if (url == null) {
			resp.setStatus(404);
			resp.setContentType("text/plain;charset=UTF-8");
			resp.getWriter().write("not found: " + AdminContext.PATH + path.replaceAll("[^A-Za-z0-9/._-]", "?"));
			return;
		}
		resp.setContentType(file.substring(file.indexOf(';') + 1) + ";charset=UTF-8");
		resp.setHeader("Content-Security-Policy", CSP);
		resp.setHeader("X-Content-Type-Options", "nosniff");
		resp.setHeader("Referrer-Policy", "no-referrer");
		resp.setHeader("X-Frame-Options", "DENY");
		resp.setHeader("Cache-Control", "no-cache");
		try (InputStream in = url.openStream()) {
			in.transferTo(resp.getOutputStream());
		}
	}
}
