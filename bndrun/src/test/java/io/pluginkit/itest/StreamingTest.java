package io.pluginkit.itest;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.osgi.framework.FrameworkUtil;

import io.pluginkit.api.web.RequestHook;
import io.pluginkit.api.web.Response;
import io.pluginkit.testing.Await;
import io.pluginkit.testing.TestJars;
import io.pluginkit.testing.plugins.AsyncServlet;
import io.pluginkit.testing.plugins.EventStreamServlet;
import jakarta.servlet.http.HttpServletRequest;

/**
 * Async and streaming servlets behind the hook chain: their output reaches the client, as it would
 * without PluginKit; {@code before} and {@code teardown} still apply.
 */
class StreamingTest extends InFrameworkTest {

	private void installAsyncPlugin() {
		pluginkit.install(TestJars.plugin("async-writer")
			.imports(TestJars.SERVLET_IMPORTS)
			.component(AsyncServlet.class, "jakarta.servlet.Servlet", "osgi.http.whiteboard.servlet.pattern=/itest/async",
				"osgi.http.whiteboard.servlet.asyncSupported:Boolean=true"));
		pluginkit.awaitPlugin("async-writer", "ENABLED");
	}

	private void installEventStreamPlugin() {
		pluginkit.install(TestJars.plugin("event-stream")
			.imports(TestJars.SERVLET_IMPORTS)
			.component(EventStreamServlet.class, "jakarta.servlet.Servlet", "osgi.http.whiteboard.servlet.pattern=/itest/events"));
		pluginkit.awaitPlugin("event-stream", "ENABLED");
	}

	@Test
	void anAsyncServletThatWritesAfterItReturnedIsAnsweredWithWhatItWrote() {
		installAsyncPlugin();

		HttpResponse<String> response = pluginkit.awaitStatus("/itest/async", 200);

		assertThat(response.body()).isEqualTo("written after the servlet returned");
		assertThat(response.headers().firstValue("X-Written-By")).hasValue("async thread");
	}

	@Test
	void anAsyncServletThatWritesThroughItsAsyncContextIsAnsweredToo() {
		installAsyncPlugin();

		HttpResponse<String> response = pluginkit.awaitStatus("/itest/async?via=context", 200);

		assertThat(response.body()).isEqualTo("written after the servlet returned");
	}

	@Test
	void theFirstServerSentEventArrivesWhileTheStreamIsStillOpen() throws Exception {
		installEventStreamPlugin();
		pluginkit.awaitStatus("/itest/events?release", 204);

		HttpResponse<Stream<String>> stream = pluginkit.stream("/itest/events")
			.get(Await.DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
		Iterator<String> lines = stream.body().iterator();

		assertThat(stream.statusCode()).isEqualTo(200);
		assertThat(stream.headers().firstValue("Content-Type")).hasValueSatisfying(
			type -> assertThat(type).startsWith("text/event-stream"));
		// the servlet holds the stream open until released: the event is only readable now if it was not buffered
		assertThat(nextLine(lines)).isEqualTo("data: first");
		assertThat(nextLine(lines)).isEmpty();

		assertThat(pluginkit.get("/itest/events?release").statusCode()).isEqualTo(204);
		assertThat(nextLine(lines)).isEqualTo("data: last");
	}

	@Test
	void beforeAndTeardownStillApplyToAStream() throws Exception {
		installEventStreamPlugin();
		BlockingQueue<String> teardowns = new LinkedBlockingQueue<>();
		context.registerService(RequestHook.class, new RequestHook() {
			@Override
			public Response before(HttpServletRequest request) {
				boolean stream = request.getRequestURI().equals("/itest/events") && request.getQueryString() == null;
				return stream && request.getHeader("X-Ticket") == null ? Response.text(403, "no ticket") : null;
			}

			@Override
			public void teardown(HttpServletRequest request, Throwable error) {
				if (request.getRequestURI().equals("/itest/events") && request.getQueryString() == null) {
					teardowns.add(request.getHeader("X-Ticket") + " " + error);
				}
			}
		}, FrameworkUtil.asDictionary(Map.of()));

		HttpResponse<String> refused = pluginkit.awaitStatus("/itest/events", 403);
		assertThat(refused.body()).isEqualTo("no ticket");
		assertThat(teardowns.poll(Await.DEADLINE.toMillis(), TimeUnit.MILLISECONDS)).isEqualTo("null null");

		CompletableFuture<HttpResponse<String>> stream = CompletableFuture.supplyAsync(
			() -> pluginkit.get("/itest/events", "X-Ticket", "t-1"));
		Await.until("the stream is open", () -> pluginkit.get("/itest/events?release").statusCode() == 204
			&& stream.isDone(), done -> done);

		assertThat(stream.get().statusCode()).isEqualTo(200);
		assertThat(stream.get().body()).isEqualTo("data: first\n\ndata: last\n\n");
		assertThat(teardowns.poll(Await.DEADLINE.toMillis(), TimeUnit.MILLISECONDS)).isEqualTo("t-1 null");
	}

	private static String nextLine(Iterator<String> lines) throws Exception {
		Optional<String> line = Optional.ofNullable(CompletableFuture.supplyAsync(lines::next)
			.get(Await.DEADLINE.toMillis(), TimeUnit.MILLISECONDS));
		return line.orElseThrow();
	}
}
