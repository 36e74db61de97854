package io.pluginkit.api.web;

import org.osgi.annotation.versioning.ConsumerType;

import jakarta.servlet.http.HttpServletRequest;

/**
 * Runs around every request of the default web context: the port of
 * Flask-PluginKit's {@code before_request}, {@code after_request} and
 * {@code teardown_request}, with two fixes: {@code before} can answer the
 * request itself and {@code after} can replace the response.
 * <p>
 * Register it as a Declarative Services component providing this interface;
 * it is live while its plugin is enabled. Hooks run on the request thread in
 * order of {@code service.ranking} (highest first), then bundle install order.
 * {@code before} runs in that order; {@code after} and {@code teardown} run in
 * the reverse order, like nested filters.
 * <p>
 * A hook that throws from {@code before} or {@code after} ends the request with
 * a 500 rendered by the error handlers (fail closed), and the failure is counted
 * against its plugin: its stack trace is logged once per distinct failure,
 * {@code plugin:list} names the failing hook until it succeeds again, and after
 * 20 failures in a row (system property {@code pluginkit.hook.quarantine.after})
 * its plugin is quarantined: stopped and {@code FAILED} until an admin enables
 * it. A hook registered with the service property
 * {@code pluginkit.hook.failure=open} is skipped instead when it throws (for
 * the rest of that request; it is still counted and named, never quarantined),
 * for non-essential work such as analytics.
 * <p>
 * Hooks run only in the default web context: never on the platform routes
 * ({@code /health}, {@code /admin}, {@code /metrics}).
 * <p>
 * <b>Async and streaming responses.</b> A response that must reach the client
 * while its servlet still runs is passed through, not buffered: when the
 * servlet starts async processing, sets the content type
 * {@code text/event-stream} (Server-Sent Events), flushes, or uses
 * non-blocking output. {@code before} still runs first (and may still answer
 * instead), and {@code teardown} still runs last, when the servlet returns
 * (for an async request: when the dispatch that started it returns, not when
 * the response completes). {@code after} is not called for such a response: it
 * is already on its way to the client and cannot be changed.
 */
@ConsumerType
public interface RequestHook {

	/**
	 * Called before the handler. Return {@code null} to go on, or a response to
	 * end the request with it: later hooks' {@code before} and the handler are
	 * skipped, but {@code after} of the hooks that already ran still applies.
	 *
	 * @param request the request; its body is not yet read
	 * @return a response that ends the request, or {@code null}
	 * @throws Exception to fail the request with a 500
	 */
	default Response before(HttpServletRequest request) throws Exception {
		return null;
	}

	/**
	 * Called after the handler (or an earlier hook) produced the response.
	 * Modify {@code response} and return it, or return a new one to replace it.
	 * Not called for a response that was passed through (async or streaming,
	 * see the class description).
	 *
	 * @param request the request
	 * @param response the response so far, fully buffered
	 * @return the response to send on; {@code null} keeps {@code response}
	 * @throws Exception to fail the request with a 500
	 */
	default Response after(HttpServletRequest request, Response response) throws Exception {
		return response;
	}

	/**
	 * Always called last, whatever happened, with the error that failed the
	 * request or {@code null}. Exceptions thrown here are logged and counted,
	 * never sent to the client.
	 *
	 * @param request the request
	 * @param error what failed the request, or {@code null}
	 */
	default void teardown(HttpServletRequest request, Throwable error) {
	}
}
