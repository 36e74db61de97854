package io.pluginkit.runtime.internal.web;

import java.io.ByteArrayOutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
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
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;

/**
 * Captures what a servlet writes (status, headers, body) into a {@link Response}
 * so that hooks can change or replace it before anything reaches the client.
 * Cookies go straight to the real response.
 */
final class BufferedResponse extends HttpServletResponseWrapper {

	private final Response response = new Response(200);
	private final ByteArrayOutputStream body = new ByteArrayOutputStream();
	private ServletOutputStream stream;
	private PrintWriter writer;
	private String characterEncoding;
	private boolean errorSent;

	BufferedResponse(HttpServletResponse real) {
		super(real);
	}

	/** The captured response; call once the handler returned. */
	Response toResponse() {
		if (writer != null) {
			writer.flush();
		}
		String type = response.contentType();
		String charset = characterEncoding;
		if (charset == null && writer != null && type != null && type.toLowerCase(Locale.ROOT).startsWith("text/")) {
			// the writer encoded the text as UTF-8: say so, or browsers guess windows-1252
			charset = StandardCharsets.UTF_8.name();
		}
		if (type != null && charset != null && !type.toLowerCase().contains("charset=")
			&& (type.startsWith("text/") || type.contains("json") || type.contains("xml") || type.contains("javascript"))) {
			response.contentType(type + "; charset=" + charset);
		}
		return response.body(body.toByteArray());
	}

	/** Whether the handler called {@code sendError}: the error handlers render the page. */
	boolean errorSent() {
		return errorSent;
	}

	@Override
	public void setStatus(int sc) {
		response.status(sc);
	}

	@Override
	public int getStatus() {
		return response.status();
	}

	@Override
	public void sendError(int sc) {
		sendError(sc, null);
	}

	@Override
	public void sendError(int sc, String msg) {
		resetBuffer();
		response.status(sc);
		errorSent = true;
	}

	@Override
	public void sendRedirect(String location) {
		sendRedirect(location, SC_FOUND, true);
	}

	@Override
	public void sendRedirect(String location, boolean clearBuffer) {
		sendRedirect(location, SC_FOUND, clearBuffer);
	}

	@Override
	public void sendRedirect(String location, int sc) {
		sendRedirect(location, sc, true);
	}

	@Override
	public void sendRedirect(String location, int sc, boolean clearBuffer) {
		if (clearBuffer) {
			resetBuffer();
		}
		response.status(sc);
		response.header("Location", location);
	}

	@Override
	public void setHeader(String name, String value) {
		response.header(name, value);
	}

	@Override
	public void addHeader(String name, String value) {
		if (value != null) {
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
		return response.header(name) != null;
	}

	@Override
	public String getHeader(String name) {
		return response.header(name);
	}

	@Override
	public Collection<String> getHeaders(String name) {
		List<String> values = response.headers().get(name);
		return values == null ? List.of() : new ArrayList<>(values);
	}

	@Override
	public Collection<String> getHeaderNames() {
		return new ArrayList<>(response.headers().keySet());
	}

	@Override
	public void setContentType(String type) {
		if (type == null) {
			response.header("Content-Type", null);
			return;
		}
		response.contentType(type);
		int i = type.toLowerCase().indexOf("charset=");
		if (i >= 0) {
			characterEncoding = type.substring(i + "charset=".length()).replace("\"", "").trim();
		}
	}

	@Override
	public String getContentType() {
		return response.contentType();
	}

	@Override
	public void setCharacterEncoding(String charset) {
		if (writer == null) {
			characterEncoding = charset;
		}
	}

	@Override
	public String getCharacterEncoding() {
		return characterEncoding != null ? characterEncoding : StandardCharsets.UTF_8.name();
	}

	@Override
	public void setContentLength(int len) {
		// computed from the buffered body when the response is written
	}

	@Override
	public void setContentLengthLong(long len) {
		// computed from the buffered body when the response is written
	}

	@Override
	public ServletOutputStream getOutputStream() {
		if (writer != null) {
			throw new IllegalStateException("getWriter() was already called");
		}
		if (stream == null) {
			stream = new ServletOutputStream() {
				@Override
				public void write(int b) {
					body.write(b);
				}

				@Override
				public void write(byte[] b, int off, int len) {
					body.write(b, off, len);
				}

				@Override
				public boolean isReady() {
					return true;
				}

				@Override
				public void setWriteListener(WriteListener listener) {
					throw new UnsupportedOperationException("PluginKit buffers responses: async output is not supported");
				}
			};
		}
		return stream;
	}

	@Override
	public PrintWriter getWriter() {
		if (stream != null) {
			throw new IllegalStateException("getOutputStream() was already called");
		}
		if (writer == null) {
			writer = new PrintWriter(new OutputStreamWriter(body, Charset.forName(getCharacterEncoding())));
		}
		return writer;
	}

	@Override
	public void flushBuffer() {
		if (writer != null) {
			writer.flush();
		}
	}

	@Override
	public boolean isCommitted() {
		return false;
	}

	@Override
	public void resetBuffer() {
		if (writer != null) {
			writer.flush();
		}
		body.reset();
	}

	@Override
	public void reset() {
		resetBuffer();
		response.status(200);
		for (String name : new ArrayList<>(response.headers().keySet())) {
			response.header(name, null);
		}
	}

	@Override
	public void setBufferSize(int size) {
		// everything is buffered
	}

	/** RFC 9110 IMF-fixdate; RFC_1123_DATE_TIME would drop the leading zero of the day. */
	private static final DateTimeFormatter HTTP_DATE = DateTimeFormatter
		.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US)
		.withZone(ZoneOffset.UTC);

	private static String httpDate(long millis) {
		return HTTP_DATE.format(Instant.ofEpochMilli(millis));
	}

	/** Writes a response to the real one. */
	static void send(Response response, HttpServletResponse out) throws java.io.IOException {
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
		out.setContentLength(bytes.length);
		if (bytes.length > 0) {
			out.getOutputStream().write(bytes);
		}
	}
}
