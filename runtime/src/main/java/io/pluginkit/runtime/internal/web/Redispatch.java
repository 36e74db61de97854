package io.pluginkit.runtime.internal.web;

import java.io.IOException;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The "servlet went away" forward: Felix HTTP routed the request to a servlet that was unregistered
 * before it ran (its plugin is being disabled or updated). That is not the request's failure: it is
 * served by what is registered now, as the next request would be (the plugin's replacement, the
 * landing page or a 404).
 */
final class Redispatch {

	/**
	 * What Felix HTTP's {@code ServletHandler.handle} throws for a servlet unregistered meanwhile
	 * (felix-dev http/base, 5.x). Felix gives no other sign of it; {@code RedispatchTest} in the
	 * in-framework tests fails if an upgrade changes the text.
	 */
	static final String UNREGISTERED = "Servlet has been unregistered";

	private Redispatch() {
	}

	/** Whether the exception is Felix saying the routed servlet went away. */
	static boolean servletWentAway(ServletException e) {
		return e.getRootCause() == null && UNREGISTERED.equals(e.getMessage());
	}

	/** Serves the request by what is registered now; the buffer was never sent. */
	static void forward(HttpServletRequest request, BufferedResponse buffer) throws IOException, ServletException {
		buffer.reset();
		String path = request.getRequestURI().substring(request.getContextPath().length());
		RequestDispatcher dispatcher = request.getRequestDispatcher(path.isEmpty() ? "/" : path);
		if (dispatcher == null) {
			buffer.sendError(HttpServletResponse.SC_NOT_FOUND);
			return;
		}
		try {
			// a forward flushes when it is done: that is not the servlet asking to stream
			buffer.holdingFlushes(() -> dispatcher.forward(request, buffer));
		} catch (ServletException again) {
			if (!servletWentAway(again)) {
				throw again;
			}
			buffer.reset();
			buffer.sendError(HttpServletResponse.SC_NOT_FOUND);
		}
	}
}
