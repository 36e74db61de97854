package io.pluginkit.runtime.internal.web;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.osgi.framework.BundleReference;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardFilterAsyncSupported;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardFilterName;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardFilterPattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.pluginkit.api.web.Response;
import io.pluginkit.runtime.internal.contrib.Contribution;
import io.pluginkit.runtime.internal.contrib.Contributions;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The request path of the default web context, a thin filter: refuses HTTP {@code TRACE}, runs the
 * request through the {@link HookChain} around the handler (buffered so hooks can change the
 * response, passed through when async or streaming), renders errors with the {@link ErrorPages},
 * serves a request whose servlet went away by what is registered now ({@link Redispatch}), sends
 * the response and tells the {@link RequestObserver}s.
 * <p>
 * Async-supported, so that async servlets keep working behind it. The platform routes
 * ({@code /health}, ...) live in their own context ({@link PlatformContext}): this filter, and so
 * no plugin hook, ever runs there.
 */
@Component(service = Filter.class)
@HttpWhiteboardFilterName("pluginkit.web-chain")
@HttpWhiteboardFilterPattern("/*")
@HttpWhiteboardFilterAsyncSupported
public final class WebChain implements Filter, HookChain.Inner {

	private static final Logger LOG = LoggerFactory.getLogger(WebChain.class);

	private final HookChain hooks;
	private final ErrorPages errorPages;
	private final Contributions<RequestObserver> observers = new Contributions<>();
	/** Observers that threw, by service id: each is logged once. */
	private final Map<Long, Boolean> complained = new ConcurrentHashMap<>();

	@Activate
	public WebChain(@Reference HookChain hooks, @Reference ErrorPages errorPages) {
		this.hooks = hooks;
		this.errorPages = errorPages;
	}

	@Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
		policyOption = ReferencePolicyOption.GREEDY, updated = "updatedObserver")
	void addObserver(RequestObserver observer, ServiceReference<RequestObserver> ref) {
		observers.add(observer, ref);
	}

	void updatedObserver(ServiceReference<RequestObserver> ref) {
		observers.updated(ref);
	}

	void removeObserver(ServiceReference<RequestObserver> ref) {
		Contribution<RequestObserver> gone = observers.remove(ref);
		if (gone != null) {
			complained.remove(gone.serviceId());
		}
	}

	@Override
	public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
		throws IOException, ServletException {
		HttpServletRequest request = (HttpServletRequest) req;
		HttpServletResponse out = (HttpServletResponse) res;
		Contribution<RequestObserver>[] watching = observers.snapshot();
		long start = watching.length == 0 ? 0L : System.nanoTime();
		Response response;
		if ("TRACE".equals(request.getMethod())) {
			// echoing the request back (cookies, authorization) helps only cross-site tracing
			response = errorPages.render(request, HttpServletResponse.SC_METHOD_NOT_ALLOWED, null, null);
		} else {
			response = hooks.run(request, out, chain, this, watching.length != 0);
		}
		if (response != null) {
			if (out.isCommitted()) {
				LOG.warn("{} {}: the response was already on its way when {} was to be sent; the client got what "
					+ "the servlet streamed", request.getMethod(), request.getRequestURI(), response);
			} else {
				BufferedResponse.send(response, out);
			}
		}
		if (watching.length != 0) {
			observe(watching, request, out, start);
		}
	}

	@Override
	public Response handle(HttpServletRequest request, HttpServletResponse out, FilterChain chain) throws Throwable {
		BufferedResponse buffer = new BufferedResponse(request, out);
		try {
			chain.doFilter(request, buffer);
		} catch (ServletException e) {
			if (buffer.passedThrough() || !Redispatch.servletWentAway(e)) {
				throw failure(buffer, out, e.getRootCause() != null ? e.getRootCause() : e);
			}
			Redispatch.forward(request, buffer);
		} catch (Throwable t) {
			throw failure(buffer, out, t);
		}
		if (buffer.passedThrough()) {
			return null;
		}
		Response response = buffer.toResponse();
		if (buffer.errorSent() || response.status() >= 400 && response.body().length == 0) {
			response = errorPages.render(request, response.status(), null, response);
		}
		return response;
	}

	/** A handler that failed after it started to pass its response through leaves room for the error page if it can. */
	private static Throwable failure(BufferedResponse buffer, HttpServletResponse out, Throwable t) {
		if (buffer.passedThrough() && !out.isCommitted()) {
			out.reset();
		}
		return t;
	}

	@Override
	public Response failed(HttpServletRequest request, Throwable error) {
		return errorPages.render(request, HttpServletResponse.SC_INTERNAL_SERVER_ERROR, error, null);
	}

	// ------------------------------------------------------------------ observers

	private void observe(Contribution<RequestObserver>[] watching, HttpServletRequest request, HttpServletResponse out,
		long start) {
		String method = request.getMethod();
		String path = request.getRequestURI();
		long bundleId = answeredBy(request);
		if (request.isAsyncStarted()) {
			// told when it completes, when the container may no longer say the id: it is taken now
			HttpServletRequest done = new CompletedRequest(request);
			request.getAsyncContext().addListener(new AsyncListener() {
				@Override
				public void onComplete(AsyncEvent event) {
					tell(watching, done, method, path, out.getStatus(), System.nanoTime() - start, bundleId);
				}

				@Override
				public void onTimeout(AsyncEvent event) {
					// onComplete follows
				}

				@Override
				public void onError(AsyncEvent event) {
					// onComplete follows
				}

				@Override
				public void onStartAsync(AsyncEvent event) {
					// the same request: still one onComplete
				}
			});
			return;
		}
		tell(watching, request, method, path, out.getStatus(), System.nanoTime() - start, bundleId);
	}

	/** An async request as its observers see it once it completed: its id as it was when it started. */
	private static final class CompletedRequest extends HttpServletRequestWrapper {

		private final String id;

		CompletedRequest(HttpServletRequest request) {
			super(request);
			this.id = request.getRequestId();
		}

		@Override
		public String getRequestId() {
			return id;
		}
	}

	private void tell(Contribution<RequestObserver>[] watching, HttpServletRequest request, String method, String path,
		int status, long duration, long bundleId) {
		for (Contribution<RequestObserver> o : watching) {
			try {
				o.service().requestDone(request, method, path, status, duration, bundleId);
			} catch (Throwable t) {
				if (complained.putIfAbsent(o.serviceId(), Boolean.TRUE) == null) {
					LOG.error("request observer {} of bundle {} threw (logged once): {}", o.className(), o.bundleId(),
						t.toString(), t);
				}
			}
		}
	}

	/** The hook that answered, else the bundle of the servlet that handled the request (its servlet context's). */
	private static long answeredBy(HttpServletRequest request) {
		if (request.getAttribute(HookChain.ANSWERED_BY) instanceof Long hook) {
			return hook;
		}
		try {
			ServletContext context = request.getServletContext();
			if (context != null && context.getClassLoader() instanceof BundleReference b && b.getBundle() != null) {
				return b.getBundle().getBundleId();
			}
		} catch (RuntimeException e) {
			// a context that will not say: unknown
		}
		return -1;
	}
}
