package io.pluginkit.runtime.internal.web;

import jakarta.servlet.http.HttpServletRequest;

/**
 * Told about every request of the default web context once its response is done: the seam for
 * request metrics and monitoring. Register an implementation as a service; with none registered
 * the request path does not even read the clock.
 * <p>
 * Called on the request thread after the response was handed to the container (for an async
 * request: on the container's thread when it completes), once per request, in ranking order.
 * It must be fast and must not block; an exception is logged once per observer and ignored.
 * Requests of the platform context ({@code /health}, later {@code /admin}, {@code /metrics}) are
 * not observed; a refused HTTP {@code TRACE} is, with its 405.
 */
@FunctionalInterface
public interface RequestObserver {

	/**
	 * One request is done.
	 *
	 * @param request the request: read its attributes (e.g. the tags and fields plugins add to the
	 *        monitoring point) or its {@code getRequestId()} here, only when needed (the container
	 *        builds the id on each call), and do not keep it
	 * @param method the HTTP method
	 * @param path the request URI, without the query string
	 * @param status the status sent
	 * @param durationNanos from the chain taking the request until the response was handed over
	 *        (for an async request: until it completed)
	 * @param bundleId the bundle that answered: the hook whose {@code before} answered, else the
	 *        bundle of the servlet that handled it (the runtime's own for the landing page and
	 *        plain 404s); {@code -1} when unknown
	 */
	void requestDone(HttpServletRequest request, String method, String path, int status, long durationNanos, long bundleId);
}
