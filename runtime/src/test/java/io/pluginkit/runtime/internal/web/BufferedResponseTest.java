package io.pluginkit.runtime.internal.web;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import io.pluginkit.api.web.Response;
import io.pluginkit.runtime.internal.web.FakeHttp.SentResponse;
import jakarta.servlet.http.Cookie;

class BufferedResponseTest {

	private final SentResponse real = new SentResponse();
	private final BufferedResponse buffer = new BufferedResponse(FakeHttp.request("GET", "/page"), real.proxy);

	@Test
	void whatTheServletWritesIsHeldBackUntilSent() throws Exception {
		buffer.setStatus(201);
		buffer.setHeader("X-Id", "7");
		buffer.getWriter().print("created");

		assertThat(buffer.isCommitted()).as("hooks may still change it").isFalse();
		assertThat(buffer.passedThrough()).isFalse();
		assertThat(real.status).isEqualTo(200);
		assertThat(real.headers).isEmpty();
		assertThat(real.body.size()).isZero();

		Response captured = buffer.toResponse();
		assertThat(captured.status()).isEqualTo(201);
		assertThat(captured.header("x-id")).isEqualTo("7");
		assertThat(captured.bodyText()).isEqualTo("created");
	}

	@Test
	void bytesWrittenToTheStreamAreCaptured() throws Exception {
		buffer.setContentType("image/png");
		buffer.getOutputStream().write(new byte[] { (byte) 0x89, 'P', 'N', 'G' });

		Response captured = buffer.toResponse();

		assertThat(captured.body()).containsExactly(0x89, 'P', 'N', 'G');
		assertThat(captured.contentType()).isEqualTo("image/png");
	}

	@Test
	void aServletCannotUseBothTheWriterAndTheStream() throws Exception {
		buffer.getWriter();
		assertThatThrownBy(buffer::getOutputStream).isInstanceOf(IllegalStateException.class);

		BufferedResponse other = new BufferedResponse(FakeHttp.request("GET", "/page"), real.proxy);
		other.getOutputStream();
		assertThatThrownBy(other::getWriter).isInstanceOf(IllegalStateException.class);
	}

	@Test
	void textWrittenWithoutACharsetIsUtf8AndSaysSo() throws Exception {
		buffer.setContentType("text/html");
		buffer.getWriter().print("café");

		Response captured = buffer.toResponse();

		assertThat(captured.body()).isEqualTo("café".getBytes(UTF_8));
		assertThat(captured.contentType()).isEqualTo("text/html; charset=UTF-8");
	}

	@Test
	void theCharsetOfTheContentTypeEncodesTheText() throws Exception {
		buffer.setContentType("text/plain; charset=ISO-8859-1");
		buffer.getWriter().print("café");

		Response captured = buffer.toResponse();

		assertThat(captured.body()).isEqualTo("café".getBytes(ISO_8859_1));
		assertThat(captured.contentType()).isEqualTo("text/plain; charset=ISO-8859-1");
	}

	@Test
	void aCharacterEncodingSetSeparatelyIsAddedToATextualContentType() throws Exception {
		buffer.setCharacterEncoding("ISO-8859-1");
		buffer.setContentType("text/csv");
		buffer.getWriter().print("é");

		Response captured = buffer.toResponse();

		assertThat(captured.contentType()).isEqualTo("text/csv; charset=ISO-8859-1");
		assertThat(captured.body()).isEqualTo("é".getBytes(ISO_8859_1));
	}

	@Test
	void binaryContentTypesGetNoCharset() throws Exception {
		buffer.setCharacterEncoding("UTF-8");
		buffer.setContentType("application/octet-stream");
		buffer.getOutputStream().write(1);

		assertThat(buffer.toResponse().contentType()).isEqualTo("application/octet-stream");
	}

	@Test
	void theEncodingCannotChangeOnceTheWriterIsInUse() throws Exception {
		buffer.getWriter().print("é");
		buffer.setCharacterEncoding("ISO-8859-1");

		assertThat(buffer.getCharacterEncoding()).isEqualTo("UTF-8");
		assertThat(buffer.toResponse().body()).isEqualTo("é".getBytes(UTF_8));
	}

	@Test
	void sendErrorDropsTheBodyAndIsRemembered() throws Exception {
		buffer.getWriter().print("half a page");

		buffer.sendError(404, "not here");

		assertThat(buffer.errorSent()).isTrue();
		Response captured = buffer.toResponse();
		assertThat(captured.status()).isEqualTo(404);
		assertThat(captured.body()).isEmpty();
	}

	@Test
	void aRedirectSetsTheStatusAndLocation() throws Exception {
		buffer.getWriter().print("ignored");
		buffer.sendRedirect("/limit");

		Response captured = buffer.toResponse();
		assertThat(captured.status()).isEqualTo(302);
		assertThat(captured.header("Location")).isEqualTo("/limit");
		assertThat(captured.body()).isEmpty();
		assertThat(buffer.errorSent()).isFalse();

		BufferedResponse permanent = new BufferedResponse(FakeHttp.request("GET", "/page"), real.proxy);
		permanent.sendRedirect("/new", 301);
		assertThat(permanent.toResponse().status()).isEqualTo(301);
	}

	@Test
	void headersBehaveLikeAServletContainers() {
		buffer.addHeader("Vary", "Accept");
		buffer.addHeader("vary", "Origin");
		buffer.addHeader("X-Nothing", null);
		buffer.setIntHeader("X-Count", 3);

		assertThat(buffer.getHeaders("VARY")).containsExactly("Accept", "Origin");
		assertThat(buffer.getHeader("Vary")).isEqualTo("Accept");
		assertThat(buffer.containsHeader("x-count")).isTrue();
		assertThat(buffer.getHeader("X-Count")).isEqualTo("3");
		assertThat(buffer.containsHeader("X-Nothing")).isFalse();
		assertThat(buffer.getHeaders("X-Missing")).isEmpty();
		assertThat(buffer.getHeaderNames()).containsExactlyInAnyOrder("Vary", "X-Count");

		buffer.setHeader("Vary", null);
		assertThat(buffer.containsHeader("Vary")).isFalse();
	}

	@Test
	void dateHeadersUseTheHttpDateFormat() {
		long june3 = Instant.parse("2008-06-03T11:05:30Z").toEpochMilli();

		buffer.setDateHeader("Last-Modified", june3);
		buffer.addDateHeader("X-Seen", Instant.parse("2024-12-25T00:00:00Z").toEpochMilli());

		// RFC 9110 IMF-fixdate: two-digit day, GMT
		assertThat(buffer.getHeader("Last-Modified")).isEqualTo("Tue, 03 Jun 2008 11:05:30 GMT");
		assertThat(buffer.getHeader("X-Seen")).isEqualTo("Wed, 25 Dec 2024 00:00:00 GMT");
	}

	@Test
	void resetForgetsStatusHeadersAndBodyWhileResetBufferOnlyTheBody() throws Exception {
		buffer.setStatus(500);
		buffer.setHeader("X-Debug", "1");
		buffer.getWriter().print("stack trace");

		buffer.resetBuffer();
		Response afterResetBuffer = buffer.toResponse();
		assertThat(afterResetBuffer.status()).isEqualTo(500);
		assertThat(afterResetBuffer.header("X-Debug")).isEqualTo("1");
		assertThat(afterResetBuffer.body()).isEmpty();

		buffer.getWriter().print("again");
		buffer.reset();
		Response afterReset = buffer.toResponse();
		assertThat(afterReset.status()).isEqualTo(200);
		assertThat(afterReset.headers()).isEmpty();
		assertThat(afterReset.body()).isEmpty();
	}

	@Test
	void cookiesGoStraightToTheClient() {
		Cookie session = new Cookie("session", "abc");

		buffer.addCookie(session);

		assertThat(real.cookies).containsExactly(session);
	}


	@Test
	void sendingWritesStatusEveryHeaderValueAndBody() throws Exception {
		Response response = Response.json(202, "{\"queued\":true}").addHeader("Vary", "Accept").addHeader("Vary", "Origin");

		BufferedResponse.send(response, real.proxy);

		assertThat(real.status).isEqualTo(202);
		assertThat(real.header("Content-Type")).isEqualTo("application/json");
		assertThat(real.headers.get("Vary")).containsExactly("Accept", "Origin");
		assertThat(real.contentLength).as("left to the container: the body fits in its buffer").isEqualTo(-1);
		assertThat(real.committed).as("nothing flushed: the container sends it when the request completes").isFalse();
		assertThat(real.bodyText()).isEqualTo("{\"queued\":true}");
	}

	@Test
	void aBodyLargerThanTheContainersBufferIsDeclaredWithItsLength() throws Exception {
		real.bufferSize = 8;

		BufferedResponse.send(Response.json(202, "{\"queued\":true}"), real.proxy);

		assertThat(real.contentLength).isEqualTo(15);
		assertThat(real.bodyText()).isEqualTo("{\"queued\":true}");
	}

	@Test
	void sendingAnEmptyResponseWritesNoBody() throws Exception {
		BufferedResponse.send(new Response(204), real.proxy);

		assertThat(real.status).isEqualTo(204);
		assertThat(real.contentLength).isZero();
		assertThat(real.body.size()).isZero();
	}

	// ------------------------------------------------------------------ text encoding

	@Test
	void theWriterEncodesLikeStringGetBytesInEveryCharset() throws Exception {
		String text = "plain ascii, café, €uro, 日本語, emoji 😀 and more 😀";
		for (java.nio.charset.Charset charset : new java.nio.charset.Charset[] { UTF_8, ISO_8859_1,
			java.nio.charset.StandardCharsets.US_ASCII, java.nio.charset.StandardCharsets.UTF_16,
			java.nio.charset.Charset.forName("windows-1252") }) {
			BufferedResponse response = new BufferedResponse(FakeHttp.request("GET", "/page"), real.proxy);
			response.setContentType("text/plain; charset=" + charset.name());

			response.getWriter().print(text);

			assertThat(response.toResponse().body()).as(charset.name()).isEqualTo(text.getBytes(charset));
		}
	}

	@Test
	void aSurrogatePairSplitAcrossWritesIsOneCharacter() throws Exception {
		String emoji = "😀";
		buffer.getWriter().print(emoji.charAt(0));
		buffer.getWriter().write(new char[] { emoji.charAt(1), '!' });

		assertThat(buffer.toResponse().body()).isEqualTo("😀!".getBytes(UTF_8));
	}

	@Test
	void loneSurrogatesBecomeQuestionMarksAsStringGetBytesDoes() throws Exception {
		String broken = "a\uD83Db\uDE00c\uD83D";
		buffer.getWriter().print(broken);

		assertThat(buffer.toResponse().body()).isEqualTo(broken.getBytes(UTF_8)).isEqualTo("a?b?c?".getBytes(UTF_8));
	}

	@Test
	void aLargeBodyIsKeptWhole() throws Exception {
		StringBuilder page = new StringBuilder();
		for (int i = 0; i < 20_000; i++) {
			page.append("line ").append(i).append(" é\n");
		}
		for (String part : page.toString().split("(?<=\n)")) {
			buffer.getWriter().write(part);
		}

		assertThat(buffer.toResponse().body()).isEqualTo(page.toString().getBytes(UTF_8));
	}

	// ------------------------------------------------------------------ pass-through

	@Test
	void anEventStreamGoesStraightToTheClientWithWhatWasSetBefore() throws Exception {
		buffer.setStatus(200);
		buffer.setHeader("Cache-Control", "no-store");
		buffer.setContentType("text/event-stream");

		assertThat(buffer.passedThrough()).isTrue();
		assertThat(real.header("Cache-Control")).isEqualTo("no-store");
		assertThat(real.header("Content-Type")).isEqualTo("text/event-stream");

		buffer.setHeader("X-Later", "1");
		buffer.getWriter().print("data: first\n\n");
		buffer.getWriter().flush();

		assertThat(real.header("X-Later")).isEqualTo("1");
		assertThat(real.flushed).containsExactly("data: first\n\n");
		assertThat(buffer.isCommitted()).isTrue();
	}

	@Test
	void aFlushByTheServletSendsWhatItWroteAndPassesTheRestThrough() throws Exception {
		buffer.setStatus(201);
		buffer.setHeader("X-Id", "7");
		buffer.getOutputStream().write("part one ".getBytes(UTF_8));
		buffer.getOutputStream().flush();

		assertThat(real.status).isEqualTo(201);
		assertThat(real.header("X-Id")).isEqualTo("7");
		assertThat(real.flushed).containsExactly("part one ");

		buffer.getOutputStream().write("part two".getBytes(UTF_8));
		assertThat(real.bodyText()).isEqualTo("part one part two");
		assertThat(buffer.passedThrough()).isTrue();
	}

	@Test
	void flushBufferPassesThroughTheWritersTextInOrder() throws Exception {
		buffer.setContentType("text/plain");
		buffer.getWriter().print("café ");

		buffer.flushBuffer();
		buffer.getWriter().print("au lait");

		assertThat(buffer.passedThrough()).isTrue();
		assertThat(real.header("Content-Type")).isEqualTo("text/plain; charset=UTF-8");
		assertThat(real.body.toByteArray()).isEqualTo("café au lait".getBytes(UTF_8));
	}

	@Test
	void aFlushThatIsNotTheServletsKeepsTheResponseBuffered() throws Exception {
		buffer.holdingFlushes(() -> {
			buffer.getWriter().print("forwarded page");
			buffer.flushBuffer();
			buffer.getWriter().close();
		});

		assertThat(buffer.passedThrough()).isFalse();
		assertThat(real.committed).isFalse();
		assertThat(buffer.toResponse().bodyText()).isEqualTo("forwarded page");
	}

	@Test
	void closingTheWriterOrStreamDoesNotSendABufferedResponse() throws Exception {
		buffer.getWriter().print("closed early");
		buffer.getWriter().close();

		assertThat(buffer.passedThrough()).isFalse();
		assertThat(buffer.toResponse().bodyText()).isEqualTo("closed early");
	}

	@Test
	void whatAnAsyncServletWritesAfterItReturnedReachesTheClient() throws Exception {
		java.util.concurrent.atomic.AtomicBoolean async = new java.util.concurrent.atomic.AtomicBoolean();
		BufferedResponse response = new BufferedResponse(FakeHttp.asyncRequest("/async", async), real.proxy);
		response.setContentType("text/plain");
		response.getWriter().print("before async, ");
		async.set(true); // the servlet called startAsync and returned

		assertThat(response.passedThrough()).isTrue();
		response.getWriter().print("after it returned"); // on another thread, without a flush

		assertThat(real.bodyText()).isEqualTo("before async, after it returned");
		assertThat(real.header("Content-Type")).isEqualTo("text/plain; charset=UTF-8");
		assertThat(real.committed).as("the async side may still set the status").isFalse();
	}

	@Test
	void aWriteOnTheAsyncSideBeforeTheServletReturnedPassesThroughToo() throws Exception {
		java.util.concurrent.atomic.AtomicBoolean async = new java.util.concurrent.atomic.AtomicBoolean(true);
		BufferedResponse response = new BufferedResponse(FakeHttp.asyncRequest("/async", async), real.proxy);

		response.getOutputStream().write("early".getBytes(UTF_8));

		assertThat(real.bodyText()).isEqualTo("early");
		assertThat(response.passedThrough()).isTrue();
	}

	@Test
	void anAsyncSupportedServletThatDidNotGoAsyncIsBuffered() throws Exception {
		BufferedResponse response = new BufferedResponse(
			FakeHttp.asyncRequest("/async", new java.util.concurrent.atomic.AtomicBoolean()), real.proxy);
		response.getWriter().print("plain");

		assertThat(response.passedThrough()).isFalse();
		assertThat(response.toResponse().bodyText()).isEqualTo("plain");
		assertThat(real.body.size()).isZero();
	}

	@Test
	void nonBlockingOutputPassesThrough() throws Exception {
		buffer.setStatus(202);

		assertThatThrownBy(() -> buffer.getOutputStream().setWriteListener(null))
			.as("the fake container refuses listeners; reaching it is the point")
			.isInstanceOf(UnsupportedOperationException.class);
		assertThat(buffer.passedThrough()).isTrue();
		assertThat(real.status).isEqualTo(202);
	}
}
