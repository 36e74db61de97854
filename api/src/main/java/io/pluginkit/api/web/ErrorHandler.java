package io.pluginkit.api.web;

import org.osgi.annotation.versioning.ConsumerType;

import jakarta.servlet.http.HttpServletRequest;

/**
 * Renders an error response: the port of Flask-PluginKit's {@code errhandler}.
 * Declare what it handles with {@link HandlesErrors}: HTTP status codes (a
 * handler servlet called {@code sendError}, or set an error status with an empty
 * body, or no servlet matched) and/or exception classes (a handler or hook
 * threw; a subclass matches too, the nearest declared class wins).
 * <p>
 * When several handlers match, the one with the highest {@code service.ranking}
 * wins, then the earliest installed bundle. A handler that throws is skipped and
 * the next one is tried; if none is left PluginKit renders a plain error page.
 */
@ConsumerType
public interface ErrorHandler {

	/**
	 * Renders the error.
	 *
	 * @param request the failed request
	 * @param status the HTTP status that will be sent (500 for exceptions)
	 * @param error the exception, or {@code null} for a status error
	 * @return the response to send; {@code null} lets the next handler try
	 * @throws Exception to let the next handler try
	 */
	Response handle(HttpServletRequest request, int status, Throwable error) throws Exception;
}
