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
 * against its plugin.
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
