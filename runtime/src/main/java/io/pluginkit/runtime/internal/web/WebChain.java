package io.pluginkit.runtime.internal.web;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardFilterName;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardFilterPattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.pluginkit.api.web.ErrorHandler;
import io.pluginkit.api.web.HandlesErrors;
import io.pluginkit.api.web.RequestHook;
import io.pluginkit.api.web.Response;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The request path of the default web context: runs the enabled plugins'
 * {@link RequestHook}s around the handler and renders errors with their
 * {@link ErrorHandler}s.
 * <p>
 * Contributions are kept as immutable arrays, sorted once when a plugin comes
 * or goes (ranking descending, then bundle install order); a request reads the
 * current array and does no service lookup and takes no lock.
 */
@Component(service = { Filter.class, WebChain.class })
@HttpWhiteboardFilterName("pluginkit.web-chain")
@HttpWhiteboardFilterPattern("/*")
public final class WebChain implements Filter {

	private static final Logger LOG = LoggerFactory.getLogger(WebChain.class);

	/** A contribution with what orders it and whom it belongs to. */
	record Contribution<T>(T service, int ranking, long bundleId, long serviceId, int[] statuses,
		String[] exceptions) {

		static final Comparator<Contribution<?>> ORDER = Comparator
			.comparingInt((Contribution<?> c) -> -c.ranking)
			.thenComparingLong(c -> c.bundleId)
			.thenComparingLong(c -> c.serviceId);
	}

	private volatile Contribution<RequestHook>[] hooks = empty();
	private volatile Contribution<ErrorHandler>[] errorHandlers = empty();
	private final Map<Long, LongAdder> hookFailures = new ConcurrentHashMap<>();

	@SuppressWarnings("unchecked")
	private static <T> Contribution<T>[] empty() {
		return new Contribution[0];
	}

	// ------------------------------------------------------------- contributions

	@Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
		policyOption = ReferencePolicyOption.GREEDY)
	synchronized void addHook(RequestHook hook, ServiceReference<RequestHook> ref) {
		hooks = with(hooks, contribution(hook, ref));
	}

	synchronized void removeHook(RequestHook hook) {
		hooks = without(hooks, hook);
	}

	@Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
		policyOption = ReferencePolicyOption.GREEDY)
	synchronized void addErrorHandler(ErrorHandler handler, ServiceReference<ErrorHandler> ref) {
		errorHandlers = with(errorHandlers, contribution(handler, ref));
	}

	synchronized void removeErrorHandler(ErrorHandler handler) {
		errorHandlers = without(errorHandlers, handler);
	}

	private static <T> Contribution<T> contribution(T service, ServiceReference<?> ref) {
		Object ranking = ref.getProperty(Constants.SERVICE_RANKING);
		return new Contribution<>(service, ranking instanceof Integer i ? i : 0, ref.getBundle().getBundleId(),
			(Long) ref.getProperty(Constants.SERVICE_ID), ints(ref.getProperty(HandlesErrors.PREFIX_ + "status")),
			strings(ref.getProperty(HandlesErrors.PREFIX_ + "exception")));
	}

	@SuppressWarnings("unchecked")
	private static <T> Contribution<T>[] with(Contribution<T>[] current, Contribution<T> added) {
		Contribution<T>[] next = Arrays.copyOf(current, current.length + 1);
		next[current.length] = added;
		Arrays.sort(next, (Comparator<Contribution<T>>) (Comparator<?>) Contribution.ORDER);
		return next;
	}

	private static <T> Contribution<T>[] without(Contribution<T>[] current, T removed) {
		return Arrays.stream(current)
			.filter(c -> c.service != removed)
			.toArray(n -> Arrays.copyOf(current, n));
	}

	/** What a bundle contributes to the web chain, in a user's words, for {@code plugin:info}. */
	public List<String> contributionsOf(long bundleId) {
		List<String> result = new ArrayList<>();
		Contribution<RequestHook>[] h = hooks;
		for (int i = 0; i < h.length; i++) {
			if (h[i].bundleId == bundleId) {
				result.add("request hook " + h[i].service.getClass().getName() + " (position " + (i + 1) + " of "
					+ h.length + ", ranking " + h[i].ranking + ")");
			}
		}
		for (Contribution<ErrorHandler> c : errorHandlers) {
			if (c.bundleId == bundleId) {
				result.add("error handler " + c.service.getClass().getName() + " for " + describe(c) + " (ranking "
					+ c.ranking + ")");
			}
		}
		return result;
	}

	/** How many times a bundle's hooks failed a request. */
	public long hookFailures(long bundleId) {
		LongAdder a = hookFailures.get(bundleId);
		return a == null ? 0 : a.sum();
	}

	// ------------------------------------------------------------- request path

	@Override
	public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
		throws IOException, ServletException {
		HttpServletRequest request = (HttpServletRequest) req;
		HttpServletResponse out = (HttpServletResponse) res;
		Contribution<RequestHook>[] chainHooks = hooks;
		Response response = null;
		Throwable error = null;
		int entered = 0;
		Contribution<RequestHook> current = null;
		try {
			while (entered < chainHooks.length && response == null) {
				current = chainHooks[entered++];
				response = current.service.before(request);
			}
			current = null;
			if (response == null) {
				BufferedResponse buffer = new BufferedResponse(out);
				try {
					chain.doFilter(request, buffer);
				} catch (ServletException e) {
					if (!servletWentAway(e)) {
						throw e.getRootCause() != null ? e.getRootCause() : e;
					}
					redispatch(request, buffer);
				}
				response = buffer.toResponse();
				if (buffer.errorSent() || response.status() >= 400 && response.body().length == 0) {
					response = renderError(request, response.status(), null, response);
				}
			}
			for (int i = entered - 1; i >= 0; i--) {
				current = chainHooks[i];
				Response replaced = current.service.after(request, response);
				if (replaced != null) {
					response = replaced;
				}
			}
			current = null;
		} catch (Throwable t) {
			error = t;
			if (current != null) {
				hookFailures.computeIfAbsent(current.bundleId, k -> new LongAdder()).increment();
				LOG.error("request hook {} of bundle {} failed {} {}: {}", current.service.getClass().getName(),
					current.bundleId, request.getMethod(), request.getRequestURI(), t.toString(), t);
			} else {
				LOG.error("{} {} failed: {}", request.getMethod(), request.getRequestURI(), t.toString(), t);
			}
			response = renderError(request, 500, t, null);
		} finally {
			for (int i = entered - 1; i >= 0; i--) {
				Contribution<RequestHook> hook = chainHooks[i];
				try {
					hook.service.teardown(request, error);
				} catch (Throwable t) {
					hookFailures.computeIfAbsent(hook.bundleId, k -> new LongAdder()).increment();
					LOG.error("teardown of request hook {} of bundle {} threw: {}", hook.service.getClass().getName(),
						hook.bundleId, t.toString(), t);
				}
			}
		}
		BufferedResponse.send(response, out);
	}

	/**
	 * Felix HTTP routed the request to a servlet that was unregistered before it ran: its plugin is
	 * being disabled or updated. That is not the request's failure.
	 */
	static boolean servletWentAway(ServletException e) {
		return e.getRootCause() == null && UNREGISTERED.equals(e.getMessage());
	}

	private static final String UNREGISTERED = "Servlet has been unregistered";

	/**
	 * Serves the request by what is registered now, as the next request would be (the plugin's
	 * replacement, the landing page or a 404), instead of failing it. The buffer was never sent.
	 */
	private static void redispatch(HttpServletRequest request, BufferedResponse buffer)
		throws IOException, ServletException {
		buffer.reset();
		String path = request.getRequestURI().substring(request.getContextPath().length());
		RequestDispatcher dispatcher = request.getRequestDispatcher(path.isEmpty() ? "/" : path);
		if (dispatcher == null) {
			buffer.sendError(HttpServletResponse.SC_NOT_FOUND);
			return;
		}
		try {
			dispatcher.forward(request, buffer);
		} catch (ServletException again) {
			if (!servletWentAway(again)) {
				throw again;
			}
			buffer.reset();
			buffer.sendError(HttpServletResponse.SC_NOT_FOUND);
		}
	}

	/** The error page for a status or an exception: the best matching handler's, else a plain one. */
	Response renderError(HttpServletRequest request, int status, Throwable error, Response original) {
		for (Contribution<ErrorHandler> c : candidates(status, error)) {
			try {
				Response r = c.service.handle(request, status, error);
				if (r != null) {
					return r;
				}
			} catch (Throwable t) {
				LOG.error("error handler {} of bundle {} threw while rendering {}: {}", c.service.getClass().getName(),
					c.bundleId, status, t.toString(), t);
			}
		}
		if (original != null && original.body().length > 0) {
			return original;
		}
		Response plain = Response.text(status, status + " " + reason(status) + "\n");
		if (original != null) {
			original.headers().forEach((k, v) -> {
				if (k.equalsIgnoreCase("Location") || k.equalsIgnoreCase("Allow") || k.equalsIgnoreCase("WWW-Authenticate")) {
					v.forEach(value -> plain.addHeader(k, value));
				}
			});
		}
		return plain;
	}

	/** Handlers for the exception's nearest declared class first, then for the status; each group in chain order. */
	private List<Contribution<ErrorHandler>> candidates(int status, Throwable error) {
		Contribution<ErrorHandler>[] all = errorHandlers;
		List<Contribution<ErrorHandler>> result = new ArrayList<>();
		if (error != null) {
			for (Class<?> c = error.getClass(); c != null; c = c.getSuperclass()) {
				for (Contribution<ErrorHandler> h : all) {
					if (Arrays.asList(h.exceptions).contains(c.getName()) && !result.contains(h)) {
						result.add(h);
					}
				}
			}
		}
		for (Contribution<ErrorHandler> h : all) {
			if (Arrays.stream(h.statuses).anyMatch(s -> s == status) && !result.contains(h)) {
				result.add(h);
			}
		}
		return result;
	}

	private static String describe(Contribution<ErrorHandler> c) {
		List<String> what = new ArrayList<>();
		for (int s : c.statuses) {
			what.add(Integer.toString(s));
		}
		what.addAll(Arrays.asList(c.exceptions));
		return what.isEmpty() ? "nothing (no pluginkit.error.* property)" : String.join(", ", what);
	}

	static String reason(int status) {
		return switch (status) {
			case 400 -> "Bad Request";
			case 401 -> "Unauthorized";
			case 403 -> "Forbidden";
			case 404 -> "Not Found";
			case 405 -> "Method Not Allowed";
			case 409 -> "Conflict";
			case 413 -> "Payload Too Large";
			case 422 -> "Unprocessable Content";
			case 500 -> "Internal Server Error";
			case 503 -> "Service Unavailable";
			default -> "Error";
		};
	}

	private static int[] ints(Object value) {
		if (value instanceof int[] a) {
			return a;
		}
		if (value instanceof Integer i) {
			return new int[] { i };
		}
		if (value instanceof Integer[] a) {
			return Arrays.stream(a).mapToInt(Integer::intValue).toArray();
		}
		if (value instanceof String s) {
			return Arrays.stream(s.split(",")).map(String::trim).filter(x -> x.matches("\\d+")).mapToInt(Integer::parseInt).toArray();
		}
		if (value instanceof String[] a) {
			return Arrays.stream(a).map(String::trim).filter(x -> x.matches("\\d+")).mapToInt(Integer::parseInt).toArray();
		}
		return new int[0];
	}

	private static String[] strings(Object value) {
		if (value instanceof String[] a) {
			return a;
		}
		if (value instanceof String s) {
			return new String[] { s };
		}
		return new String[0];
	}
}
