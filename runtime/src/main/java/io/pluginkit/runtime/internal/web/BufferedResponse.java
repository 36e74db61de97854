package io.pluginkit.runtime.internal.web;

import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.pluginkit.api.web.Response;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;

/**
 * Captures what a servlet writes (status, headers, body) into a {@link Response} so that hooks
 * can change or replace it before anything reaches the client. Cookies go straight to the real
 * response.
 * <p>
 * A response that must reach the client while the servlet still runs is passed through instead:
 * once the servlet sets the content type {@code text/event-stream}, flushes, asks for non-blocking
 * output, or writes after the request went asynchronous, what was captured so far is handed to the
 * real response and everything after goes straight to it ({@link #passedThrough()}). Hooks' {@code
 * after} cannot change such a response. An asynchronous write may come from another thread than
 * the servlet's, hence the switch is synchronized and {@code direct} volatile; while buffering, the
 * response belongs to the request thread as any servlet response does.
 */
final class BufferedResponse extends HttpServletResponseWrapper {

	static final String EVENT_STREAM = "text/event-stream";

	private final HttpServletRequest request;
	/** Only a servlet registered {@code asyncSupported} can start async: others never pay for the check. */
	private final boolean mayGoAsync;
	private final Response response = new Response(200);
	/** The buffered body, and the servlet's stream once it asks for it ({@link #streamUsed}). */
	private final BodyStream body = new BodyStream();
	private ServletWriter writer;
	private boolean streamUsed;
	private String characterEncoding;
	private boolean errorSent;
	/** Set while flushes and closes are not the servlet asking to send now (a forward's). */
	private boolean holdFlushes;
	private volatile boolean direct;

	BufferedResponse(HttpServletRequest request, HttpServletResponse real) {
		super(real);
		this.request = request;
		this.mayGoAsync = request.isAsyncSupported();
	}

	private HttpServletResponse real() {
		return (HttpServletResponse) getResponse();
	}

	/** The captured response; call once the handler returned and only if it was not {@link #passedThrough()}. */
	Response toResponse() {
		if (writer != null) {
			writer.text().finish();
		}
		String type = contentTypeWithCharset();
		if (type != response.contentType()) {
			response.contentType(type); // the charset was added
		}
		return response.body(body.toByteArray());
	}

	/** The content type with the charset the text was written in, when the servlet did not say it. */
	private String contentTypeWithCharset() {
		String type = response.contentType();
		String charset = characterEncoding;
		if (charset == null && writer != null && type != null && type.toLowerCase(Locale.ROOT).startsWith("text/")) {
			// the writer encoded the text as UTF-8: say so, or browsers guess windows-1252
			charset = StandardCharsets.UTF_8.name();
		}
		if (type != null && charset != null && !type.toLowerCase(Locale.ROOT).contains("charset=")
			&& (type.startsWith("text/") || type.contains("json") || type.contains("xml") || type.contains("javascript"))) {
			return type + "; charset=" + charset;
		}
		return type;
	}

	/** Whether the handler called {@code sendError}: the error handlers render the page. */
	boolean errorSent() {
		return errorSent;
	}

	/**
	 * Whether the response went (or, since the request went async, now goes) straight to the
	 * client: nothing is left to send and hooks cannot change it. Called once the handler returned.
	 */
	boolean passedThrough() {
		if (!direct && mayGoAsync && request.isAsyncStarted()) {
			passThrough();
		}
		return direct;
	}

	/** Runs {@code action} without taking its flushes as the servlet asking to send (a forward flushes). */
	void holdingFlushes(IOAction action) throws IOException, jakarta.servlet.ServletException {
		holdFlushes = true;
		try {
			action.run();
		} finally {
			holdFlushes = false;
		}
	}

	@FunctionalInterface
	interface IOAction {
		void run() throws IOException, jakarta.servlet.ServletException;
	}

	/** Whether the next write goes to the client: it is direct already or the request just went async. */
	private boolean goesDirect() {
		if (direct) {
			return true;
		}
		if (mayGoAsync && request.isAsyncStarted()) {
			passThrough();
			return true;
		}
		return false;
	}

	/** Hands what was captured to the real response and sends everything after straight to it. */
	synchronized void passThrough() {
		if (direct) {
			return;
		}
		HttpServletResponse real = real();
		real.setStatus(response.status());
		String type = contentTypeWithCharset();
		for (Map.Entry<String, List<String>> h : response.headers().entrySet()) {
			if (h.getKey().equalsIgnoreCase("Content-Type")) {
				continue;
			}
			boolean first = true;
			for (String v : h.getValue()) {
				if (first) {
					real.setHeader(h.getKey(), v);
					first = false;
				} else {
					real.addHeader(h.getKey(), v);
				}
			}
		}
		if (type != null) {
			real.setContentType(type);
		}
		if (characterEncoding != null) {
			real.setCharacterEncoding(characterEncoding);
		}
		if (body.size() > 0) {
			try {
				body.sendTo(realOut());
			} catch (IOException e) {
				// the client went away; the servlet's next write will meet the same
			}
			body.clear();
		}
		direct = true;
	}

	// ------------------------------------------------------------------ status and headers

	@Override
	public void setStatus(int sc) {
		if (direct) {
			super.setStatus(sc);
		} else {
			response.status(sc);
		}
	}

	@Override
	public int getStatus() {
		return direct ? super.getStatus() : response.status();
	}

	@Override
	public void sendError(int sc) throws IOException {
		sendError(sc, null);
	}

	@Override
	public void sendError(int sc, String msg) throws IOException {
		if (direct) {
			super.sendError(sc, msg);
			return;
		}
		resetBuffer();
		response.status(sc);
		errorSent = true;
	}

	@Override
	public void sendRedirect(String location) throws IOException {
		sendRedirect(location, SC_FOUND, true);
	}

	@Override
	public void sendRedirect(String location, boolean clearBuffer) throws IOException {
		sendRedirect(location, SC_FOUND, clearBuffer);
	}

	@Override
	public void sendRedirect(String location, int sc) throws IOException {
		sendRedirect(location, sc, true);
	}

	@Override
	public void sendRedirect(String location, int sc, boolean clearBuffer) throws IOException {
		if (direct) {
			super.sendRedirect(location, sc, clearBuffer);
			return;
		}
		if (clearBuffer) {
			resetBuffer();
		}
		response.status(sc);
		response.header("Location", location);
	}

	@Override
	public void setHeader(String name, String value) {
		if (direct) {
			super.setHeader(name, value);
		} else {
			response.header(name, value);
		}
	}

	@Override
	public void addHeader(String name, String value) {
		if (direct) {
			super.addHeader(name, value);
		} else if (value != null) {
			response.addHeader(name, value);
		}
	}

	@Override
	public void setIntHeader(String name, int value) {
		setHeader(name, Integer.toString(value));
	}

	@Override
	public void addIntHeader(String name, int value) {
		addHeader(name, Integer.toString(value));
	}

	@Override
	public void setDateHeader(String name, long date) {
		setHeader(name, httpDate(date));
	}

	@Override
	public void addDateHeader(String name, long date) {
		addHeader(name, httpDate(date));
	}

	@Override
	public boolean containsHeader(String name) {
		return direct ? super.containsHeader(name) : response.header(name) != null;
	}

	@Override
	public String getHeader(String name) {
		return direct ? super.getHeader(name) : response.header(name);
	}

	@Override
	public Collection<String> getHeaders(String name) {
		if (direct) {
			return super.getHeaders(name);
		}
		List<String> values = response.headers().get(name);
		return values == null ? List.of() : new ArrayList<>(values);
	}

	@Override
	public Collection<String> getHeaderNames() {
		return direct ? super.getHeaderNames() : new ArrayList<>(response.headers().keySet());
	}

	@Override
	public void setContentType(String type) {
		if (direct) {
			super.setContentType(type);
			return;
		}
		if (type == null) {
			response.header("Content-Type", null);
			return;
		}
		response.contentType(type);
		int i = type.toLowerCase(Locale.ROOT).indexOf("charset=");
		if (i >= 0) {
			characterEncoding = type.substring(i + "charset=".length()).replace("\"", "").trim();
		}
		if (type.regionMatches(true, 0, EVENT_STREAM, 0, EVENT_STREAM.length())) {
			passThrough(); // Server-Sent Events: each event must reach the client when the servlet flushes it
		}
	}

	@Override
	public String getContentType() {
		return direct ? super.getContentType() : response.contentType();
	}

	@Override
	public void setCharacterEncoding(String charset) {
		if (writer == null) {
			characterEncoding = charset;
			if (direct) {
				super.setCharacterEncoding(charset);
			}
		}
	}

	@Override
	public String getCharacterEncoding() {
		return characterEncoding != null ? characterEncoding : StandardCharsets.UTF_8.name();
	}

	@Override
	public void setContentLength(int len) {
		if (direct) {
			super.setContentLength(len);
		}
		// else computed from the buffered body when the response is written
	}

	@Override
	public void setContentLengthLong(long len) {
		if (direct) {
			super.setContentLengthLong(len);
		}
	}

	// ------------------------------------------------------------------ body

	@Override
	public ServletOutputStream getOutputStream() {
		if (writer != null) {
			throw new IllegalStateException("getWriter() was already called");
		}
		streamUsed = true;
		return body;
	}

	@Override
	public PrintWriter getWriter() {
		if (streamUsed) {
			throw new IllegalStateException("getOutputStream() was already called");
		}
		if (writer == null) {
			writer = new ServletWriter(new BodyWriter(Charset.forName(getCharacterEncoding())));
		}
		return writer;
	}

	@Override
	public void flushBuffer() throws IOException {
		servletFlushed();
	}

	@Override
	public boolean isCommitted() {
		return direct && super.isCommitted();
	}

	@Override
	public void resetBuffer() {
		if (direct) {
			super.resetBuffer();
			return;
		}
		body.clear();
		if (writer != null) {
			writer.text().high = 0;
		}
	}

	@Override
	public void reset() {
		if (direct) {
			super.reset();
			return;
		}
		resetBuffer();
		response.status(200);
		for (String name : new ArrayList<>(response.headers().keySet())) {
			response.header(name, null);
		}
	}

	@Override
	public void setBufferSize(int size) {
		if (direct) {
			super.setBufferSize(size);
		}
		// else everything is buffered
	}

	private ServletOutputStream realOut() throws IOException {
		return real().getOutputStream();
	}

	/** A flush by the servlet: it wants what it wrote on its way now. */
	private void servletFlushed() throws IOException {
		if (holdFlushes) {
			return;
		}
		passThrough();
		realOut().flush();
	}

	/** The servlet's output stream: into the buffer, or straight to the client once direct. */
	private final class BodyStream extends BodyBuffer {

		@Override
		public void write(int b) throws IOException {
			if (goesDirect()) {
				realOut().write(b);
			} else {
				append(b);
			}
		}

		@Override
		public void write(byte[] b, int off, int len) throws IOException {
			if (goesDirect()) {
				realOut().write(b, off, len);
			} else {
				append(b, off, len);
			}
		}

		@Override
		public void flush() throws IOException {
			servletFlushed();
		}

		@Override
		public void close() throws IOException {
			if (direct && !holdFlushes) {
				realOut().close();
			}
			// else the response is sent once the hooks are done with it
		}

		@Override
		public boolean isReady() {
			try {
				return !direct || realOut().isReady();
			} catch (IOException e) {
				return false;
			}
		}

		@Override
		public void setWriteListener(WriteListener listener) {
			// non-blocking output is written when the container says so: it cannot wait for the hooks
			passThrough();
			try {
				realOut().setWriteListener(listener);
			} catch (IOException e) {
				throw new IllegalStateException("cannot pass the output through: " + e.getMessage(), e);
			}
		}
	}

	/** The servlet's writer: a plain {@link PrintWriter} that also hands out its {@link BodyWriter}. */
	private static final class ServletWriter extends PrintWriter {

		private final BodyWriter text;

		ServletWriter(BodyWriter text) {
			super(text);
			this.text = text;
		}

		BodyWriter text() {
			return text; // out is null once closed
		}
	}

	/**
	 * What the servlet's {@link PrintWriter} writes to: text encoded into the buffer as it comes
	 * (UTF-8, ISO-8859-1 and US-ASCII without encoder objects; other charsets through a
	 * {@link OutputStreamWriter} drained at each write), or, once direct, encoded and sent on at
	 * once, since an async side may complete the response without a flush. Nothing waits in the
	 * writer, except the high half of a surrogate pair split across two writes.
	 */
	private final class BodyWriter extends Writer {

		private static final int UTF_8 = 0;
		private static final int LATIN_1 = 1;
		private static final int ASCII = 2;
		private static final int OTHER = 3;

		private final int kind;
		private final Charset charset;
		private OutputStreamWriter other;
		private java.nio.CharBuffer one;
		char high;

		BodyWriter(Charset charset) {
			this.charset = charset;
			this.kind = charset.equals(StandardCharsets.UTF_8) ? UTF_8
				: charset.equals(StandardCharsets.ISO_8859_1) ? LATIN_1
				: charset.equals(StandardCharsets.US_ASCII) ? ASCII : OTHER;
		}

		@Override
		public void write(String str, int off, int len) throws IOException {
			write((CharSequence) str, off, len);
		}

		@Override
		public void write(char[] cbuf, int off, int len) throws IOException {
			write(java.nio.CharBuffer.wrap(cbuf), off, len);
		}

		@Override
		public void write(int c) throws IOException {
			if (one == null) {
				one = java.nio.CharBuffer.allocate(1);
			}
			one.put(0, (char) c);
			write(one, 0, 1);
		}

		private void write(CharSequence text, int off, int len) throws IOException {
			boolean toClient = goesDirect();
			switch (kind) {
				case UTF_8 -> high = body.appendUtf8(text, off, len, high);
				case LATIN_1 -> high = body.appendSingleByte(text, off, len, (char) 0xFF, high);
				case ASCII -> high = body.appendSingleByte(text, off, len, (char) 0x7F, high);
				default -> {
					if (other == null) {
						other = new OutputStreamWriter(new OutputStream() {
							@Override
							public void write(int b) {
								body.append(b);
							}

							@Override
							public void write(byte[] b, int o, int l) {
								body.append(b, o, l);
							}
						}, charset);
					}
					other.append(text, off, off + len);
					other.flush();
				}
			}
			if (toClient) {
				body.sendTo(realOut());
				body.clear();
			}
		}

		/** The response is captured: a high surrogate still waiting for its low half is a lone one. */
		void finish() {
			if (high != 0) {
				body.append('?');
				high = 0;
			}
		}

		@Override
		public void flush() throws IOException {
			servletFlushed();
		}

		@Override
		public void close() throws IOException {
			if (direct && !holdFlushes) {
				finish();
				body.sendTo(realOut());
				body.clear();
				realOut().close();
			}
			// else the response is sent once the hooks are done with it
		}
	}

	/** RFC 9110 IMF-fixdate; RFC_1123_DATE_TIME would drop the leading zero of the day. */
	private static final DateTimeFormatter HTTP_DATE = DateTimeFormatter
		.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US)
		.withZone(ZoneOffset.UTC);

	private static String httpDate(long millis) {
		return HTTP_DATE.format(Instant.ofEpochMilli(millis));
	}

	/**
	 * Writes a response to the real one. A body that fits in the container's buffer is left there for the
	 * container to send, with its {@code Content-Length}, when the request completes, as it would a servlet's
	 * own small response: declaring the length first would make this write the last one and send it right
	 * here, blocking the request thread on the network (about a fifth of a small request's CPU under load).
	 * A larger body is declared, so it goes out with its length rather than chunked.
	 */
	static void send(Response response, HttpServletResponse out) throws IOException {
		out.setStatus(response.status());
		for (Map.Entry<String, List<String>> h : response.headers().entrySet()) {
			boolean first = true;
			for (String v : h.getValue()) {
				if (first) {
					out.setHeader(h.getKey(), v);
					first = false;
				} else {
					out.addHeader(h.getKey(), v);
				}
			}
		}
		byte[] bytes = response.body();
		if (bytes.length == 0 || bytes.length >= out.getBufferSize()) {
			out.setContentLength(bytes.length);
		}
		if (bytes.length > 0) {
			out.getOutputStream().write(bytes);
		}
	}
}
