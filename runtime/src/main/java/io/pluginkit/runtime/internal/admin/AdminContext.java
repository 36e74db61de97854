package io.pluginkit.runtime.internal.admin;

import java.io.IOException;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.servlet.context.ServletContextHelper;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardContext;

import io.pluginkit.runtime.internal.security.AdminAccess;
import io.pluginkit.runtime.internal.web.PlatformContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The servlet context of {@code /admin}: the admin API ({@code /admin/api/...}), the admin UI and its
 * login. Apart from the default context, so plugin hooks never run here and a broken plugin cannot
 * lock the operator out. Every request must come from an address of {@code pluginkit.admin.allow}
 * (403); the API and the session calls need the admin token or a UI session with its CSRF token
 * ({@link AdminAccess}); the UI's own files and {@code POST /admin/login} do not (they hold no secret).
 */
@Component(service = ServletContextHelper.class, property = "service.ranking:Integer=100")
@HttpWhiteboardContext(name = AdminContext.NAME, path = AdminContext.PATH)
public final class AdminContext extends ServletContextHelper {

	public static final String NAME = "pluginkit.admin";
	public static final String PATH = "/admin";
	/** The whiteboard filter that selects this context. */
	public static final String SELECT = "(osgi.http.whiteboard.context.name=" + NAME + ")";

	private final AdminAccess access;

	@Activate
	public AdminContext(BundleContext context, @Reference AdminAccess access) {
		super(context.getBundle());
		this.access = access;
	}

	@Override
	public boolean handleSecurity(HttpServletRequest request, HttpServletResponse response) throws IOException {
		if (PlatformContext.refusedTrace(request, response)) {
			return false;
		}
		String path = request.getRequestURI().substring(Math.min(request.getRequestURI().length(),
			request.getContextPath().length()));
		if (open(request.getMethod(), path)) {
			if (!access.allowed(request)) {
				return access.admit(request, response, true); // answers the 403
			}
			return true;
		}
		return access.admit(request, response, true);
	}

	/** The UI's files and the login form need no token: they hold no secret and change nothing. */
	static boolean open(String method, String path) {
		if (path.equals("/login")) {
			return "POST".equals(method);
		}
		return ("GET".equals(method) || "HEAD".equals(method)) && !path.startsWith("/api") && !path.equals("/session");
	}
}
