package io.pluginkit.runtime.internal.web;

import java.io.ByteArrayOutputStream;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.osgi.framework.Bundle;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;

import io.pluginkit.runtime.internal.contrib.FakeReference;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Hand-written fakes of the few servlet and OSGi calls the web classes make.
 * Servlet and Bundle are wide interfaces, so the fakes are dynamic proxies
 * that answer the methods listed here and refuse every other one, which shows
 * at once when the code under test starts to depend on more.
 */
final class FakeHttp {

	private FakeHttp() {
	}

	/** A request with a method, a URI and (for servlets) a path info. */
	static HttpServletRequest request(String method, String uri, String pathInfo) {
		return proxy(HttpServletRequest.class, (m, args) -> switch (m.getName()) {
			case "getMethod" -> method;
			case "getRequestURI" -> uri;
			case "getPathInfo" -> pathInfo;
			case "getHeader" -> null;
			case "isAsyncSupported", "isAsyncStarted" -> false;
			default -> unsupported(m);
		});
	}

	static HttpServletRequest request(String method, String uri) {
		return request(method, uri, null);
	}

	/**
	 * A request as an observed chain sees it: with the container's id, attributes, and the servlet
	 * context of the servlet it was routed to, whose class loader is that of bundle {@code servletBundle}.
	 */
	static HttpServletRequest observedRequest(String method, String uri, String id, long servletBundle) {
		Map<String, Object> attributes = new java.util.HashMap<>();
		Bundle bundle = proxy(Bundle.class, (m, args) -> switch (m.getName()) {
			case "getBundleId" -> servletBundle;
			default -> unsupported(m);
		});
		class BundleLoader extends ClassLoader implements org.osgi.framework.BundleReference {
			@Override
			public Bundle getBundle() {
				return bundle;
			}
		}
		ClassLoader loader = new BundleLoader();
		jakarta.servlet.ServletContext context = proxy(jakarta.servlet.ServletContext.class, (m, args) -> switch (m.getName()) {
			case "getClassLoader" -> loader;
			default -> unsupported(m);
		});
		return proxy(HttpServletRequest.class, (m, args) -> switch (m.getName()) {
			case "getMethod" -> method;
			case "getRequestURI" -> uri;
			case "getRequestId" -> id;
			case "getHeader" -> null;
			case "isAsyncSupported", "isAsyncStarted" -> false;
			case "getAttribute" -> attributes.get((String) args[0]);
			case "setAttribute" -> attributes.put((String) args[0], args[1]);
			case "getServletContext" -> context;
			default -> unsupported(m);
		});
	}

	/** A GET of an {@code asyncSupported} servlet; {@code started} says whether it went async. */
	static HttpServletRequest asyncRequest(String uri, java.util.concurrent.atomic.AtomicBoolean started) {
		return proxy(HttpServletRequest.class, (m, args) -> switch (m.getName()) {
			case "getMethod" -> "GET";
			case "getRequestURI" -> uri;
			case "getHeader" -> null;
			case "isAsyncSupported" -> true;
			case "isAsyncStarted" -> started.get();
			default -> unsupported(m);
		});
	}

	/** What a servlet container would send to the client. */
	static final class SentResponse {
		int status = 200;
		String errorMessage;
		final Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
		final List<Cookie> cookies = new ArrayList<>();
		final ByteArrayOutputStream body = new ByteArrayOutputStream();
		long contentLength = -1;
		/** The container's output buffer: a body that fits is measured by the container itself when it completes. */
		int bufferSize = 32 * 1024;
		/** Whether anything was flushed to the client: status and headers are on their way. */
		boolean committed;
		/** What the client had received at each flush. */
		final List<String> flushed = new ArrayList<>();
		private ServletOutputStream stream;

		final HttpServletResponse proxy = proxy(HttpServletResponse.class, (m, args) -> switch (m.getName()) {
			case "setStatus" -> {
				status = (Integer) args[0];
				yield null;
			}
			case "getStatus" -> status;
			case "sendError" -> {
				status = (Integer) args[0];
				errorMessage = args.length > 1 ? (String) args[1] : null;
				yield null;
			}
			case "setHeader" -> {
				headers.put((String) args[0], new ArrayList<>(List.of((String) args[1])));
				yield null;
			}
			case "addHeader" -> {
				headers.computeIfAbsent((String) args[0], k -> new ArrayList<>()).add((String) args[1]);
				yield null;
			}
			case "getHeader" -> header((String) args[0]);
			case "setContentLength" -> {
				contentLength = (Integer) args[0];
				yield null;
			}
			case "setContentType" -> {
				headers.put("Content-Type", new ArrayList<>(List.of((String) args[0])));
				yield null;
			}
			case "addCookie" -> cookies.add((Cookie) args[0]);
			case "isCommitted" -> committed;
			case "getBufferSize" -> bufferSize;
			case "setCharacterEncoding" -> null;
			case "flushBuffer" -> {
				flush();
				yield null;
			}
			case "reset" -> {
				status = 200;
				headers.clear();
				body.reset();
				yield null;
			}
			case "getOutputStream" -> stream();
			default -> unsupported(m);
		});

		private void flush() {
			committed = true;
			flushed.add(bodyText());
		}

		private ServletOutputStream stream() {
			if (stream == null) {
				stream = new ServletOutputStream() {
					@Override
					public void write(int b) {
						body.write(b);
					}

					@Override
					public void flush() {
						SentResponse.this.flush();
					}

					@Override
					public boolean isReady() {
						return true;
					}

					@Override
					public void setWriteListener(WriteListener listener) {
						throw new UnsupportedOperationException();
					}
				};
			}
			return stream;
		}

		String header(String name) {
			List<String> values = headers.get(name);
			return values == null ? null : values.get(0);
		}

		String bodyText() {
			return body.toString(StandardCharsets.UTF_8);
		}
	}

	/** A service reference as the framework hands it to a DS bind method. */
	static <S> ServiceReference<S> reference(long bundleId, long serviceId, Map<String, Object> properties) {
		FakeReference ref = new FakeReference(bundleId, serviceId, 0).without(Constants.SERVICE_RANKING);
		properties.forEach(ref::with);
		return ref.cast();
	}

	// ------------------------------------------------------------------

	interface Answer {
		Object answer(Method method, Object[] args) throws Throwable;
	}

	static Object unsupported(Method m) {
		throw new UnsupportedOperationException("the fake does not implement " + m.getName());
	}

	static <T> T proxy(Class<T> type, Answer answer) {
		InvocationHandler handler = (proxy, method, args) -> {
			if (method.getDeclaringClass() == Object.class) {
				return switch (method.getName()) {
					case "equals" -> proxy == args[0];
					case "hashCode" -> System.identityHashCode(proxy);
					default -> "fake " + type.getSimpleName();
				};
			}
			return answer.answer(method, args == null ? new Object[0] : args);
		};
		return type.cast(Proxy.newProxyInstance(FakeHttp.class.getClassLoader(), new Class<?>[] { type }, handler));
	}
}
