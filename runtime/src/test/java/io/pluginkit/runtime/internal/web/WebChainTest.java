package io.pluginkit.runtime.internal.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;

import io.pluginkit.api.web.ErrorHandler;
import io.pluginkit.api.web.RequestHook;
import io.pluginkit.api.web.Response;
import io.pluginkit.runtime.internal.registry.RecordingProblems;
import io.pluginkit.runtime.internal.web.FakeHttp.SentResponse;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

class WebChainTest {

	private final RecordingProblems problems = new RecordingProblems();
	private final HookChain hooks = new HookChain(problems, 20);
	private final ErrorPages pages = new ErrorPages();
	private final WebChain chain = new WebChain(hooks, pages);
	private final List<String> calls = new ArrayList<>();
	private final Map<Object, ServiceReference<?>> refs = new HashMap<>();
	private long nextServiceId = 100;

	// ---------------------------------------------------------------- order

	@Test
	void hooksRunByRankingThenInstallOrderAndUnwindInReverse() throws Exception {
		// added in a scrambled order, as services come and go
		hook("late-bundle", 0, 7);
		hook("high", 10, 9);
		hook("early-bundle", 0, 3);
		hook("negative", -5, 1);

		SentResponse sent = get(handlerWriting("hello"));

		assertThat(calls).containsExactly("before high", "before early-bundle", "before late-bundle", "before negative",
			"handler", "after negative", "after late-bundle", "after early-bundle", "after high",
			"teardown negative null", "teardown late-bundle null", "teardown early-bundle null", "teardown high null");
		assertThat(sent.bodyText()).isEqualTo("hello");
	}

	@Test
	void hooksOfOneBundleWithTheSameRankingRunInRegistrationOrder() throws Exception {
		hook("first", 0, 5);
		hook("second", 0, 5);

		get(handlerWriting("x"));

		assertThat(calls).startsWith("before first", "before second");
	}

	@Test
	void aServiceRankingThatIsNotAnIntegerCountsAsZero() throws Exception {
		Hook ranked = new Hook("ranked");
		Hook stringRanking = new Hook("string-ranking");
		hooks.addHook(stringRanking, FakeHttp.reference(1, nextServiceId++, Map.of(Constants.SERVICE_RANKING, "100")));
		hooks.addHook(ranked, FakeHttp.reference(2, nextServiceId++, Map.of(Constants.SERVICE_RANKING, 1)));

		get(handlerWriting("x"));

		assertThat(calls).startsWith("before ranked", "before string-ranking");
	}

	@Test
	void aRemovedHookNoLongerRuns() throws Exception {
		Hook gone = hook("gone", 0, 1);
		hook("kept", 0, 2);

		hooks.removeHook(ref(gone));
		get(handlerWriting("x"));

		assertThat(calls).containsExactly("before kept", "handler", "after kept", "teardown kept null");
		assertThat(contributionsOf(1)).isEmpty();
	}

	@Test
	void contributionsNameTheHookItsPositionAndRanking() {
		hook("a", 10, 1);
		hook("b", 0, 2);
		pages.addHandler(new NotFoundPage(), FakeHttp.reference(2, nextServiceId++,
			Map.of(Constants.SERVICE_RANKING, 5, "pluginkit.error.status", new int[] { 404, 410 })));

		assertThat(contributionsOf(2)).containsExactly(
			"request hook " + Hook.class.getName() + " (position 2 of 2, ranking 0)",
			"error handler " + NotFoundPage.class.getName() + " for 404, 410 (ranking 5)");
	}

	// ---------------------------------------------------------------- before / after / teardown

	@Test
	void aBeforeHookThatAnswersEndsTheRequest() throws Exception {
		hook("outer", 2, 1);
		hook("limit", 1, 2).answer = Response.redirect("/limit");
		hook("inner", 0, 3);

		SentResponse sent = get(handlerWriting("landing page"));

		assertThat(sent.status).isEqualTo(302);
		assertThat(sent.header("Location")).isEqualTo("/limit");
		assertThat(calls).containsExactly("before outer", "before limit", "after limit", "after outer",
			"teardown limit null", "teardown outer null");
	}

	@Test
	void anAfterHookCanReplaceTheResponse() throws Exception {
		hook("replacer", 0, 1).replacement = Response.text(418, "I am teapot");

		SentResponse sent = get(handlerWriting("original"));

		assertThat(sent.status).isEqualTo(418);
		assertThat(sent.bodyText()).isEqualTo("I am teapot");
		assertThat(sent.header("Content-Type")).isEqualTo("text/plain; charset=UTF-8");
	}

	@Test
	void anAfterHookCanChangeTheResponseInPlace() throws Exception {
		hooks.addHook(new RequestHook() {
			@Override
			public Response after(HttpServletRequest request, Response response) {
				response.header("X-Served-By", "pluginkit");
				return null; // null keeps the (changed) response
			}
		}, FakeHttp.reference(1, nextServiceId++, Map.of()));

		SentResponse sent = get(handlerWriting("original"));

		assertThat(sent.header("X-Served-By")).isEqualTo("pluginkit");
		assertThat(sent.bodyText()).isEqualTo("original");
	}

	@Test
	void theHandlersResponseReachesTheClientWithStatusHeadersAndBody() throws Exception {
		SentResponse sent = get((req, res) -> {
			HttpServletResponse out = (HttpServletResponse) res;
			out.setStatus(201);
			out.setContentType("application/json");
			out.addHeader("Vary", "Accept");
			out.addHeader("Vary", "Origin");
			out.getOutputStream().write("{\"ok\":true}".getBytes());
		});

		assertThat(sent.status).isEqualTo(201);
		assertThat(sent.headers.get("Vary")).containsExactly("Accept", "Origin");
		assertThat(sent.header("Content-Type")).isEqualTo("application/json");
		assertThat(sent.bodyText()).isEqualTo("{\"ok\":true}");
		assertThat(sent.contentLength).as("left to the container: the body fits in its buffer").isEqualTo(-1);
	}

	@Test
	void teardownRunsWithTheExceptionThatFailedTheRequest() throws Exception {
		hook("a", 1, 1);
		hook("b", 0, 2);

		SentResponse sent = get((req, res) -> {
			throw new IllegalStateException("database down");
		});

		assertThat(sent.status).isEqualTo(500);
		assertThat(calls).containsExactly("before a", "before b", "teardown b database down",
			"teardown a database down");
	}

	@Test
	void theCauseOfAServletExceptionIsWhatHooksAndHandlersSee() throws Exception {
		hook("a", 0, 1);
		errorHandler(IllegalStateException.class, 0, 2, (req, status, error) -> Response.text(503, "sorry: " + error.getMessage()));

		SentResponse sent = get((req, res) -> {
			throw new ServletException("wrapped", new IllegalStateException("database down"));
		});

		assertThat(sent.status).isEqualTo(503);
		assertThat(sent.bodyText()).isEqualTo("sorry: database down");
		assertThat(calls).contains("teardown a database down");
	}

	@Test
	void aBeforeHookThatThrowsFailsTheRequestClosedAndIsCountedAgainstItsPlugin() throws Exception {
		hook("outer", 2, 1);
		hook("broken", 1, 2).failInBefore = new IllegalArgumentException("bad header");
		hook("inner", 0, 3);
		boolean[] handlerRan = { false };

		SentResponse sent = get((req, res) -> handlerRan[0] = true);

		assertThat(handlerRan[0]).isFalse();
		assertThat(sent.status).isEqualTo(500);
		assertThat(sent.bodyText()).isEqualTo("500 Internal Server Error\n");
		assertThat(calls).containsExactly("before outer", "before broken", "teardown broken bad header",
			"teardown outer bad header");
		assertThat(hooks.hookFailures(2)).isEqualTo(1);
		assertThat(hooks.hookFailures(1)).isZero();
	}

	@Test
	void anAfterHookThatThrowsGivesA500ThroughTheErrorHandlers() throws Exception {
		hook("broken", 0, 4).failInAfter = new IllegalStateException("after failed");
		errorHandler(500, 0, 9, (req, status, error) -> Response.html(500, "<p>custom " + error.getMessage() + "</p>"));

		SentResponse sent = get(handlerWriting("fine"));

		assertThat(sent.status).isEqualTo(500);
		assertThat(sent.bodyText()).isEqualTo("<p>custom after failed</p>");
		assertThat(hooks.hookFailures(4)).isEqualTo(1);
	}

	@Test
	void aTeardownThatThrowsIsCountedButDoesNotChangeTheResponse() throws Exception {
		hook("broken", 0, 4).failInTeardown = new IllegalStateException("cleanup failed");
		hook("other", 0, 5);

		SentResponse sent = get(handlerWriting("fine"));

		assertThat(sent.status).isEqualTo(200);
		assertThat(sent.bodyText()).isEqualTo("fine");
		assertThat(calls).contains("teardown other null", "teardown broken null");
		assertThat(hooks.hookFailures(4)).isEqualTo(1);
	}

	// ---------------------------------------------------------------- error handlers

	@Test
	void aSentErrorIsRenderedByTheHandlerForThatStatus() throws Exception {
		errorHandler(404, 0, 1, (req, status, error) -> Response.html(404, "<div>showcase-404</div>"));

		SentResponse sent = get((req, res) -> ((HttpServletResponse) res).sendError(404));

		assertThat(sent.status).isEqualTo(404);
		assertThat(sent.bodyText()).isEqualTo("<div>showcase-404</div>");
	}

	@Test
	void anErrorStatusWithAnEmptyBodyIsRenderedToo() throws Exception {
		errorHandler(404, 0, 1, (req, status, error) -> Response.text(404, "nothing at " + req.getRequestURI()));

		SentResponse sent = get((req, res) -> ((HttpServletResponse) res).setStatus(404));

		assertThat(sent.bodyText()).isEqualTo("nothing at /page");
	}

	@Test
	void anErrorBodyWrittenByTheHandlerIsKept() throws Exception {
		errorHandler(422, 0, 1, (req, status, error) -> Response.text(422, "generic"));

		SentResponse sent = get((req, res) -> {
			((HttpServletResponse) res).setStatus(422);
			res.getWriter().write("{\"error\":\"no tea\"}");
		});

		assertThat(sent.status).isEqualTo(422);
		assertThat(sent.bodyText()).isEqualTo("{\"error\":\"no tea\"}");
	}

	@Test
	void theHighestRankedHandlerWinsThenTheEarliestInstalled() throws Exception {
		errorHandler(404, 0, 1, (req, status, error) -> Response.text(404, "low ranking"));
		errorHandler(404, 5, 9, (req, status, error) -> Response.text(404, "later bundle"));
		errorHandler(404, 5, 3, (req, status, error) -> Response.text(404, "winner"));

		assertThat(get(notFound()).bodyText()).isEqualTo("winner");
	}

	@Test
	void aHandlerThatThrowsOrDeclinesLetsTheNextOneTry() throws Exception {
		errorHandler(404, 10, 1, (req, status, error) -> {
			throw new IllegalStateException("template missing");
		});
		errorHandler(404, 5, 2, (req, status, error) -> null);
		errorHandler(404, 0, 3, (req, status, error) -> Response.text(404, "third"));

		assertThat(get(notFound()).bodyText()).isEqualTo("third");
	}

	@Test
	void withoutAHandlerAPlainErrorPageIsSent() throws Exception {
		SentResponse sent = get(notFound());

		assertThat(sent.status).isEqualTo(404);
		assertThat(sent.header("Content-Type")).isEqualTo("text/plain; charset=UTF-8");
		assertThat(sent.bodyText()).isEqualTo("404 Not Found\n");
	}

	@Test
	void aPlainErrorPageKeepsTheHeadersTheClientNeeds() throws Exception {
		SentResponse sent = get((req, res) -> {
			HttpServletResponse out = (HttpServletResponse) res;
			out.setHeader("WWW-Authenticate", "Bearer");
			out.setHeader("X-Internal", "secret");
			out.setStatus(401);
		});

		assertThat(sent.status).isEqualTo(401);
		assertThat(sent.bodyText()).isEqualTo("401 Unauthorized\n");
		assertThat(sent.header("WWW-Authenticate")).isEqualTo("Bearer");
		assertThat(sent.header("X-Internal")).isNull();
	}

	@Test
	void theHandlerForTheNearestExceptionClassWinsOverRanking() throws Exception {
		errorHandler(RuntimeException.class, 100, 1, (req, status, error) -> Response.text(500, "any runtime exception"));
		errorHandler(IllegalStateException.class, 0, 2, (req, status, error) -> Response.text(503, "illegal state"));

		assertThat(get(throwing(new IllegalStateException())).bodyText()).isEqualTo("illegal state");
		assertThat(get(throwing(new java.util.ConcurrentModificationException())).bodyText())
			.as("a subclass of RuntimeException without its own handler")
			.isEqualTo("any runtime exception");
	}

	@Test
	void anExceptionHandlerComesBeforeAStatusHandler() throws Exception {
		errorHandler(500, 100, 1, (req, status, error) -> Response.text(500, "status 500"));
		errorHandler(IOException.class, 0, 2, (req, status, error) -> Response.text(502, "io: " + status));

		assertThat(get(throwing(new IOException("upstream"))).bodyText()).isEqualTo("io: 500");
		assertThat(get(throwing(new IllegalStateException())).bodyText()).isEqualTo("status 500");
	}

	@Test
	void statusesDeclaredAsTextAreUnderstood() throws Exception {
		pages.addHandler((req, status, error) -> Response.text(status, "gone or missing"),
			FakeHttp.reference(1, nextServiceId++, Map.of("pluginkit.error.status", "404, 410")));

		assertThat(get(notFound()).bodyText()).isEqualTo("gone or missing");
		assertThat(get((req, res) -> ((HttpServletResponse) res).sendError(410)).bodyText()).isEqualTo("gone or missing");
	}

	@Test
	void aRemovedErrorHandlerNoLongerRenders() throws Exception {
		ErrorHandler handler = errorHandler(404, 0, 1, (req, status, error) -> Response.text(404, "custom"));

		pages.removeHandler(ref(handler));

		assertThat(get(notFound()).bodyText()).isEqualTo("404 Not Found\n");
	}

	// ---------------------------------------------------------------- TRACE, pass-through, observers

	@Test
	void traceIsRefusedWithoutRunningHooksOrTheHandler() throws Exception {
		hook("h", 0, 1);
		SentResponse sent = new SentResponse();

		chain.doFilter(FakeHttp.request("TRACE", "/page"), sent.proxy, (req, res) -> calls.add("handler"));

		assertThat(sent.status).isEqualTo(405);
		assertThat(sent.bodyText()).isEqualTo("405 Method Not Allowed\n");
		assertThat(calls).isEmpty();
	}

	@Test
	void anEventStreamPassesThroughTeardownRunsAndAfterCannotChangeIt() throws Exception {
		hook("h", 0, 1).replacement = Response.text(418, "replaced");

		SentResponse sent = get((req, res) -> {
			calls.add("handler");
			res.setContentType("text/event-stream");
			res.getWriter().print("data: one\n\n");
			res.getWriter().flush();
		});

		assertThat(sent.flushed).containsExactly("data: one\n\n");
		assertThat(sent.status).isEqualTo(200);
		assertThat(sent.contentLength).as("no length: the body streams").isEqualTo(-1);
		assertThat(calls).containsExactly("before h", "handler", "teardown h null");
	}

	@Test
	void observersAreToldOfEachRequestWithTheHookThatAnswered() throws Exception {
		List<String> told = new ArrayList<>();
		chain.addObserver((request, method, path, status, nanos, bundleId) -> told
			.add(request.getRequestId() + " " + method + " " + path + " " + status + " " + (nanos >= 0) + " " + bundleId),
			FakeHttp.reference(1, nextServiceId++, Map.of()));
		chain.addObserver((request, method, path, status, nanos, bundleId) -> {
			throw new IllegalStateException("observer broke");
		}, FakeHttp.reference(2, nextServiceId++, Map.of()));
		hook("gate", 0, 42).answer = Response.text(403, "no");

		SentResponse sent = new SentResponse();
		chain.doFilter(FakeHttp.observedRequest("POST", "/page", "req-1", 9), sent.proxy, (req, res) -> calls.add("handler"));

		assertThat(sent.status).as("a broken observer changes nothing").isEqualTo(403);
		assertThat(told).containsExactly("req-1 POST /page 403 true 42");
	}

	@Test
	void observersAreToldTheBundleOfTheServletThatHandledTheRequest() throws Exception {
		List<String> told = new ArrayList<>();
		chain.addObserver((request, method, path, status, nanos, bundleId) -> told.add(status + " " + bundleId),
			FakeHttp.reference(1, nextServiceId++, Map.of()));

		SentResponse sent = new SentResponse();
		chain.doFilter(FakeHttp.observedRequest("GET", "/page", "req-2", 9), sent.proxy, handlerWriting("ok"));

		assertThat(told).containsExactly("200 9");
	}

	// ---------------------------------------------------------------- helpers

	/** A hook that logs its calls; fields choose what it does. */
	final class Hook implements RequestHook {
		final String name;
		Response answer;
		Response replacement;
		RuntimeException failInBefore;
		RuntimeException failInAfter;
		RuntimeException failInTeardown;

		Hook(String name) {
			this.name = name;
		}

		@Override
		public Response before(HttpServletRequest request) {
			calls.add("before " + name);
			if (failInBefore != null) {
				throw failInBefore;
			}
			return answer;
		}

		@Override
		public Response after(HttpServletRequest request, Response response) {
			calls.add("after " + name);
			if (failInAfter != null) {
				throw failInAfter;
			}
			return replacement != null ? replacement : response;
		}

		@Override
		public void teardown(HttpServletRequest request, Throwable error) {
			calls.add("teardown " + name + " " + (error == null ? null : error.getMessage()));
			if (failInTeardown != null) {
				throw failInTeardown;
			}
		}
	}

	static final class NotFoundPage implements ErrorHandler {
		@Override
		public Response handle(HttpServletRequest request, int status, Throwable error) {
			return null;
		}
	}

	private Hook hook(String name, int ranking, long bundleId) {
		Hook hook = new Hook(name);
		ServiceReference<RequestHook> ref = FakeHttp.reference(bundleId, nextServiceId++,
			Map.of(Constants.SERVICE_RANKING, ranking));
		refs.put(hook, ref);
		hooks.addHook(hook, ref);
		return hook;
	}

	private ErrorHandler errorHandler(int status, int ranking, long bundleId, ErrorHandler handler) {
		ServiceReference<ErrorHandler> ref = FakeHttp.reference(bundleId, nextServiceId++,
			Map.of(Constants.SERVICE_RANKING, ranking, "pluginkit.error.status", new int[] { status }));
		refs.put(handler, ref);
		pages.addHandler(handler, ref);
		return handler;
	}

	@SuppressWarnings("unchecked")
	private <S> ServiceReference<S> ref(Object service) {
		return (ServiceReference<S>) refs.get(service);
	}

	private List<String> contributionsOf(long bundleId) {
		List<String> all = new ArrayList<>(hooks.describe(bundleId));
		all.addAll(pages.describe(bundleId));
		return all;
	}

	@Test
	void aServletUnregisteredAfterRoutingIsServedByWhatIsRegisteredNow() throws Exception {
		List<String> dispatched = new ArrayList<>();
		RequestDispatcher now = new RequestDispatcher() {
			@Override
			public void forward(ServletRequest req, ServletResponse res) throws IOException {
				dispatched.add("forward");
				res.setContentType("text/plain");
				res.getWriter().write("landing page");
			}

			@Override
			public void include(ServletRequest req, ServletResponse res) {
				throw new UnsupportedOperationException();
			}
		};
		HttpServletRequest request = FakeHttp.proxy(HttpServletRequest.class, (m, args) -> switch (m.getName()) {
			case "getMethod" -> "GET";
			case "getRequestURI" -> "/limit";
			case "getContextPath" -> "";
			case "getHeader" -> null;
			case "isAsyncSupported", "isAsyncStarted" -> false;
			case "getRequestDispatcher" -> {
				dispatched.add((String) args[0]);
				yield now;
			}
			default -> FakeHttp.unsupported(m);
		});
		SentResponse sent = new SentResponse();
		// what Felix HTTP throws when the routed servlet's plugin was disabled meanwhile
		chain.doFilter(request, sent.proxy, (req, res) -> {
			throw new ServletException("Servlet has been unregistered");
		});
		assertThat(sent.status).isEqualTo(200);
		assertThat(sent.bodyText()).isEqualTo("landing page");
		assertThat(dispatched).containsExactly("/limit", "forward");
	}

	@Test
	void otherServletExceptionsStillFailTheRequest() throws Exception {
		SentResponse sent = get((req, res) -> {
			throw new ServletException("Servlet has been unregistered", new IllegalStateException("real cause"));
		});
		assertThat(sent.status).isEqualTo(500);
	}

	private ErrorHandler errorHandler(Class<? extends Throwable> type, int ranking, long bundleId, ErrorHandler handler) {
		pages.addHandler(handler, FakeHttp.reference(bundleId, nextServiceId++,
			Map.of(Constants.SERVICE_RANKING, ranking, "pluginkit.error.exception", new String[] { type.getName() })));
		return handler;
	}

	private SentResponse get(FilterChain handler) throws Exception {
		SentResponse sent = new SentResponse();
		chain.doFilter(FakeHttp.request("GET", "/page"), sent.proxy, handler);
		return sent;
	}

	private FilterChain handlerWriting(String body) {
		return (req, res) -> {
			calls.add("handler");
			res.setContentType("text/plain");
			res.getWriter().write(body);
		};
	}

	private static FilterChain notFound() {
		return (req, res) -> ((HttpServletResponse) res).sendError(404);
	}

	private static FilterChain throwing(Exception e) {
		return (req, res) -> {
			if (e instanceof IOException io) {
				throw io;
			}
			throw (RuntimeException) e;
		};
	}
}
