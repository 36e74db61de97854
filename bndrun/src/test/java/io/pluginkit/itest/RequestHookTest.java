package io.pluginkit.itest;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.Constants;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.servlet.whiteboard.HttpWhiteboardConstants;

import io.pluginkit.api.web.ErrorHandler;
import io.pluginkit.api.web.HandlesErrors;
import io.pluginkit.api.web.RequestHook;
import io.pluginkit.api.web.Response;
import io.pluginkit.testing.Await;
import io.pluginkit.testing.TestJars;
import io.pluginkit.testing.plugins.ThrowingHook;
import io.pluginkit.testing.plugins.TraceHook;
import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * {@link RequestHook}s and {@link ErrorHandler}s around real HTTP requests: contributed by test
 * plugins or registered by this test bundle, ordered, short-circuiting, replacing, failing, and
 * gone from the next request once unregistered or stopped.
 */
class RequestHookTest extends InFrameworkTest {

	static final String HOOK_IMPORTS = "io.pluginkit.api.web,jakarta.servlet.http";
	static final String HANDLER = "/itest/handler";

	CountingServlet handler;

	@BeforeEach
	void registerHandler() {
		handler = new CountingServlet();
		context.registerService(Servlet.class, handler,
			FrameworkUtil.asDictionary(Map.of(HttpWhiteboardConstants.HTTP_WHITEBOARD_SERVLET_PATTERN, HANDLER)));
		pluginkit.awaitStatus(HANDLER, 200);
		handler.calls.set(0);
	}

	private ServiceRegistration<RequestHook> register(int ranking, RequestHook hook) {
		return context.registerService(RequestHook.class, hook,
			FrameworkUtil.asDictionary(Map.of(Constants.SERVICE_RANKING, ranking)));
	}

	private static TraceHook trace(String name) {
		TraceHook hook = new TraceHook();
		hook.activate(Map.of("name", name));
		return hook;
	}

	private static TestJars tracePlugin(String name, int ranking) {
		return TestJars.plugin(name)
			.imports(HOOK_IMPORTS)
			.component(TraceHook.class, RequestHook.class.getName(), "name=" + name,
				"service.ranking:Integer=" + ranking);
	}

	@Test
	void hooksRunByRankingHighestFirstThenByInstallOrder() {
		pluginkit.install(tracePlugin("trace-first", 0));
		pluginkit.install(tracePlugin("trace-second", 0));
		pluginkit.install(tracePlugin("trace-top", 5));
		// this test bundle was installed before the plugins: with the same ranking it comes first
		register(0, trace("tester"));

		HttpResponse<String> response = Await.until("the four hooks run", () -> pluginkit.get(HANDLER, "X-Trace", "on"),
			r -> r.headers().firstValue("X-Trace-Before").orElse("").split(",").length == 4);

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).isEqualTo("handler");
		assertThat(response.headers().firstValue("X-Trace-Before")).hasValue("trace-top,tester,trace-first,trace-second");
		assertThat(response.headers().firstValue("X-Trace-After")).hasValue("trace-second,trace-first,tester,trace-top");
	}

	@Test
	void beforeReturningAResponseEndsTheRequest() {
		register(10, trace("outer"));
		register(5, new RequestHook() {
			@Override
			public Response before(HttpServletRequest request) {
				return Response.text(403, "stopped by hook").header("X-Gate", "closed");
			}
		});
		register(0, trace("inner"));

		HttpResponse<String> response = pluginkit.get(HANDLER, "X-Trace", "on");

		assertThat(response.statusCode()).isEqualTo(403);
		assertThat(response.body()).isEqualTo("stopped by hook");
		assertThat(response.headers().firstValue("X-Gate")).hasValue("closed");
		// the later hook and the handler were skipped; the earlier hook's after still ran
		assertThat(response.headers().firstValue("X-Trace-Before")).hasValue("outer");
		assertThat(response.headers().firstValue("X-Trace-After")).hasValue("outer");
		assertThat(handler.calls).hasValue(0);
	}

	@Test
	void afterCanModifyOrReplaceTheResponse() {
		register(10, new RequestHook() {
			@Override
			public Response after(HttpServletRequest request, Response response) {
				return response.header("X-Seen-Status", Integer.toString(response.status()));
			}
		});
		register(0, new RequestHook() {
			@Override
			public Response after(HttpServletRequest request, Response response) {
				return Response.json(202, "{\"replaced\":\"" + response.bodyText() + "\"}");
			}
		});

		HttpResponse<String> response = pluginkit.get(HANDLER);

		assertThat(response.statusCode()).isEqualTo(202);
		assertThat(response.body()).isEqualTo("{\"replaced\":\"handler\"}");
		assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
			type -> assertThat(type).startsWith("application/json"));
		assertThat(response.headers().firstValue("X-Seen-Status")).hasValue("202");
		assertThat(response.headers().firstValue("Content-Length")).hasValue("22");
		assertThat(handler.calls).hasValue(1);
	}

	@Test
	void aResponseGoesOutWithItsLengthWhetherItFitsTheContainersBufferOrNot() {
		String large = "x".repeat(100_000); // more than Jetty's 32 KiB output buffer
		register(0, new RequestHook() {
			@Override
			public Response after(HttpServletRequest request, Response response) {
				return "large".equals(request.getHeader("X-Size")) ? Response.text(200, large) : response;
			}
		});

		HttpResponse<String> small = pluginkit.get(HANDLER);
		HttpResponse<String> big = pluginkit.get(HANDLER, "X-Size", "large");

		assertThat(small.body()).isEqualTo("handler");
		assertThat(small.headers().firstValue("Content-Length")).hasValue("7");
		assertThat(big.body()).isEqualTo(large);
		assertThat(big.headers().firstValue("Content-Length")).hasValue("100000");
		assertThat(big.headers().firstValue("Transfer-Encoding")).isEmpty();
	}

	@Test
	void teardownAlwaysRunsWithTheErrorOrNull() throws Exception {
		BlockingQueue<Optional<Throwable>> teardowns = new LinkedBlockingQueue<>();
		register(10, new RequestHook() {
			@Override
			public void teardown(HttpServletRequest request, Throwable error) {
				if (request.getRequestURI().startsWith("/itest/")) {
					teardowns.add(Optional.ofNullable(error));
				}
			}
		});
		register(0, new RequestHook() {
			@Override
			public Response before(HttpServletRequest request) {
				if (request.getHeader("X-Explode") != null) {
					throw new IllegalStateException("hook exploded on purpose");
				}
				return null;
			}
		});
		context.registerService(Servlet.class, new HttpServlet() {
			private static final long serialVersionUID = 1L;

			@Override
			protected void doGet(HttpServletRequest req, HttpServletResponse resp) {
				throw new IllegalArgumentException("handler broke on purpose");
			}
		}, FrameworkUtil.asDictionary(Map.of(HttpWhiteboardConstants.HTTP_WHITEBOARD_SERVLET_PATTERN, "/itest/broken")));

		assertThat(pluginkit.get(HANDLER).statusCode()).isEqualTo(200);
		assertThat(next(teardowns)).isEmpty();

		assertThat(pluginkit.get(HANDLER, "X-Explode", "yes").statusCode()).isEqualTo(500);
		assertThat(next(teardowns)).hasValueSatisfying(error -> assertThat(error)
			.isInstanceOf(IllegalStateException.class)
			.hasMessage("hook exploded on purpose"));

		assertThat(pluginkit.awaitStatus("/itest/broken", 500).statusCode()).isEqualTo(500);
		assertThat(last(teardowns)).hasValueSatisfying(error -> assertThat(error)
			.isInstanceOf(IllegalArgumentException.class)
			.hasMessage("handler broke on purpose"));
	}

	@Test
	void throwingHookGives500ThroughTheErrorHandlerAndIsCountedAgainstItsPlugin() {
		context.registerService(ErrorHandler.class,
			(request, status, error) -> Response.html(status,
				"<p id=\"itest-error\">" + status + ": " + (error == null ? "no exception" : error.getMessage()) + "</p>"),
			FrameworkUtil.asDictionary(Map.of(HandlesErrors.PREFIX_ + "status", 500)));
		pluginkit.install(TestJars.plugin("boom").imports(HOOK_IMPORTS).component(ThrowingHook.class,
			RequestHook.class.getName()));
		pluginkit.awaitPlugin("boom", "ENABLED");

		// until the hook is live /boom/now is the landing page's 404, not a hook failure
		HttpResponse<String> failed = pluginkit.awaitStatus("/boom/now", 500);

		assertThat(failed.statusCode()).isEqualTo(500);
		assertThat(failed.body()).isEqualTo("<p id=\"itest-error\">500: hook exploded</p>");
		assertThat(failed.headers().firstValue("Content-Type")).hasValueSatisfying(
			type -> assertThat(type).startsWith("text/html"));
		// fail closed for that request only: the plugin and every other request go on
		assertThat(pluginkit.get(HANDLER).body()).isEqualTo("handler");
		assertThat(pluginkit.plugin("boom").state()).isEqualTo("ENABLED");
		assertThat(pluginkit.shell("plugin:info boom").out()).contains("hook failures: 1");
	}

	@Test
	void unregisteredHookIsGoneFromTheNextRequest() {
		ServiceRegistration<RequestHook> registration = register(0, trace("short-lived"));
		assertThat(pluginkit.get(HANDLER, "X-Trace", "on").headers().firstValue("X-Trace-Before")).hasValue("short-lived");

		registration.unregister();

		HttpResponse<String> response = pluginkit.get(HANDLER, "X-Trace", "on");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("X-Trace-Before")).isEmpty();
	}

	@Test
	void stoppedPluginsHookIsGoneFromTheNextRequestAndBackWhenStarted() throws Exception {
		Bundle plugin = pluginkit.install(tracePlugin("trace-stop", 0));
		pluginkit.awaitPlugin("trace-stop", "ENABLED");
		awaitTrace("trace-stop");

		plugin.stop();

		assertThat(pluginkit.get(HANDLER, "X-Trace", "on").headers().firstValue("X-Trace-Before")).isEmpty();
		pluginkit.awaitPlugin("trace-stop", "DISABLED");

		plugin.start();

		pluginkit.awaitPlugin("trace-stop", "ENABLED");
		assertThat(pluginkit.get(HANDLER, "X-Trace", "on").headers().firstValue("X-Trace-Before")).hasValue("trace-stop");
	}

	/**
	 * Waits until the hooks that run are {@code expected}: a plugin shows ENABLED once its bundle is
	 * active, and its components register a moment later, while the framework announces the start.
	 */
	private HttpResponse<String> awaitTrace(String expected) {
		return Await.until("the hooks " + expected + " run", () -> pluginkit.get(HANDLER, "X-Trace", "on"),
			r -> r.headers().firstValue("X-Trace-Before").orElse("").equals(expected));
	}

	private static Optional<Throwable> next(BlockingQueue<Optional<Throwable>> queue) throws InterruptedException {
		Optional<Throwable> value = queue.poll(Await.DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
		assertThat(value).as("a teardown call within " + Await.DEADLINE).isNotNull();
		return value;
	}

	/** The last teardown once the queue is quiet (awaiting a status may send several requests). */
	private static Optional<Throwable> last(BlockingQueue<Optional<Throwable>> queue) throws InterruptedException {
		Optional<Throwable> value = next(queue);
		for (Optional<Throwable> more = queue.poll(); more != null; more = queue.poll()) {
			value = more;
		}
		return value;
	}
}
