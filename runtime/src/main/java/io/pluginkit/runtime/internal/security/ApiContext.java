package io.pluginkit.runtime.internal.security;

import java.io.IOException;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.servlet.context.ServletContextHelper;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardContext;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import io.pluginkit.runtime.internal.web.PlatformContext;

/**
 * The servlet context of {@code /api} (DESIGN §7: tasks, events): every call must come from an allowed
 * address (403) and carry the admin bearer token, else 401 {@code {"error":"unauthorized","detail":...}} with a
 * {@code WWW-Authenticate: Bearer} challenge. Like the platform context, it is apart from the default
 * context, so plugin hooks never run on these calls.
 * <p>
 * A servlet of the API selects it with {@code @HttpWhiteboardContextSelect(ApiContext.SELECT)} and
 * registers its pattern relative to {@code /api}, e.g. {@code /tasks/*} for {@code /api/tasks/...}.
 */
@Component(service = ServletContextHelper.class, property = "service.ranking:Integer=100")
@HttpWhiteboardContext(name = ApiContext.NAME, path = ApiContext.PATH)
public final class ApiContext extends ServletContextHelper {

	public static final String NAME = "pluginkit.api";
	public static final String PATH = "/api";
	/** The whiteboard filter that selects this context. */
	public static final String SELECT = "(osgi.http.whiteboard.context.name=" + NAME + ")";

	private final AdminAccess access;

	@Activate
	public ApiContext(BundleContext context, @Reference AdminAccess access) {
		super(context.getBundle());
		this.access = access;
	}

	@Override
	public boolean handleSecurity(HttpServletRequest request, HttpServletResponse response) throws IOException {
		if (PlatformContext.refusedTrace(request, response)) {
			return false;
		}
		return access.admit(request, response, false);
	}
}
