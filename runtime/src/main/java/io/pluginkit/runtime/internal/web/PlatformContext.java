package io.pluginkit.runtime.internal.web;

import java.io.IOException;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.servlet.context.ServletContextHelper;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardContext;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The servlet context of the platform routes ({@code /health}, later {@code /admin} and
 * {@code /metrics}): at the same URLs as before (path {@code /}), but apart from the default
 * context, so that the {@link WebChain} filter, and with it every plugin hook, never runs there and
 * a broken hook cannot take them down. Its ranking puts it before the default context (ranked
 * lowest by the whiteboard), so a plugin servlet cannot shadow a platform route either; any path
 * it has no servlet for falls through to the default context.
 * <p>
 * A platform servlet selects it with
 * {@code @HttpWhiteboardContextSelect("(osgi.http.whiteboard.context.name=pluginkit.platform)")}.
 * HTTP {@code TRACE} is refused here as in the default context.
 */
@Component(service = ServletContextHelper.class, property = "service.ranking:Integer=100")
@HttpWhiteboardContext(name = PlatformContext.NAME, path = "/")
public final class PlatformContext extends ServletContextHelper {

	public static final String NAME = "pluginkit.platform";
	/** The whiteboard filter that selects this context. */
	public static final String SELECT = "(osgi.http.whiteboard.context.name=" + NAME + ")";

	@Activate
	public PlatformContext(BundleContext context) {
		super(context.getBundle());
	}

	@Override
	public boolean handleSecurity(HttpServletRequest request, HttpServletResponse response) throws IOException {
		return !refusedTrace(request, response);
	}

	/**
	 * HTTP {@code TRACE} is refused in every context of PluginKit (405): echoing a request back, its cookies
	 * and authorization included, helps only cross-site tracing. For a context's {@code handleSecurity}.
	 *
	 * @return whether the request was a {@code TRACE}, now answered
	 */
	public static boolean refusedTrace(HttpServletRequest request, HttpServletResponse response) throws IOException {
		if ("TRACE".equals(request.getMethod())) {
			response.sendError(HttpServletResponse.SC_METHOD_NOT_ALLOWED);
			return true;
		}
		return false;
	}
}
