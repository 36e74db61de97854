package io.pluginkit.runtime.internal.event;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardContextSelect;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;

import io.pluginkit.runtime.internal.security.ApiContext;
import io.pluginkit.runtime.internal.security.ApiErrors;
import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * {@code POST /api/events/{topic}} (DESIGN §7): publishes the JSON body on the topic, source
 * {@code api}; 202 {@code {"topic":...,"listeners":N}}. 400 for a malformed body or topic (and the
 * runtime's own topics), 413 beyond {@value #MAX_BYTES} bytes, 405 for another method; the
 * {@code /api} context answers 401 without the admin token.
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletPattern("/events/*")
@HttpWhiteboardContextSelect(ApiContext.SELECT)
public final class EventsServlet extends HttpServlet {

	private static final long serialVersionUID = 1L;
	static final int MAX_BYTES = 1 << 20;
	static final String SOURCE = "api";

	private final transient Events events;

	@Activate
	public EventsServlet(@Reference Events events) {
		this.events = events;
	}

	@Override
	protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
		if (!"POST".equals(request.getMethod())) {
			response.setHeader("Allow", "POST");
			reply(response, 405, ApiErrors.json("method not allowed", "POST a JSON payload to /api/events/{topic}"));
			return;
		}
		String path = request.getPathInfo();
		String topic = path == null || path.length() < 2 ? "" : path.substring(1);
		String problem = Topics.problem(topic);
		if (topic.isEmpty()) {
			problem = "no topic: POST to /api/events/{topic}, e.g. /api/events/pluginkit/sending";
		}
		if (problem == null && Events.reserved(topic)) {
			problem = "topic '" + topic + "' is published by PluginKit itself";
		}
		if (problem != null) {
			reply(response, 400, ApiErrors.json("bad topic", problem));
			return;
		}
		if (request.getContentLengthLong() > MAX_BYTES) {
			reply(response, 413, ApiErrors.json("payload too large", "at most " + MAX_BYTES + " bytes"));
			return;
		}
		byte[] body = request.getInputStream().readNBytes(MAX_BYTES + 1);
		if (body.length > MAX_BYTES) {
			reply(response, 413, ApiErrors.json("payload too large", "at most " + MAX_BYTES + " bytes"));
			return;
		}
		Object payload;
		try {
			payload = parse(body);
		} catch (JsonParseException | IllegalStateException | IOException e) {
			reply(response, 400, ApiErrors.json("malformed JSON", oneLine(e)));
			return;
		}
		int listeners = events.publish(topic, SOURCE, payload);
		JsonObject reply = new JsonObject();
		reply.addProperty("topic", topic);
		reply.addProperty("listeners", listeners);
		reply(response, 202, reply.toString());
	}

	/** The body as one strict JSON value (nothing after it), as maps, lists, strings, numbers, booleans. */
	static Object parse(byte[] body) throws IOException {
		try (InputStream in = new java.io.ByteArrayInputStream(body);
			Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8);
			JsonReader json = new JsonReader(reader)) {
			json.setStrictness(Strictness.STRICT);
			if (body.length == 0 || json.peek() == JsonToken.END_DOCUMENT) {
				throw new JsonParseException("the body is empty; send a JSON payload");
			}
			JsonElement element = JsonParser.parseReader(json);
			if (json.peek() != JsonToken.END_DOCUMENT) {
				throw new JsonParseException("more after the JSON value at " + json.getPath());
			}
			return PublishedEvent.GSON.fromJson(element, Object.class);
		}
	}

	/** Gson's message without its advice to parse leniently: what is wrong and where. */
	static String oneLine(Exception e) {
		String m = e.getMessage() == null ? e.toString() : e.getMessage();
		if (e.getCause() != null && e.getCause().getMessage() != null) {
			m = e.getCause().getMessage();
		}
		m = m.lines().findFirst().orElse(m);
		Matcher where = WHERE.matcher(m);
		if (m.startsWith("Use JsonReader.setStrictness") && where.find()) {
			return "the body is not valid JSON at " + where.group(1);
		}
		return m;
	}

	private static final Pattern WHERE = Pattern.compile("at (line \\d+ column \\d+)");

	private static void reply(HttpServletResponse response, int status, String json) throws IOException {
		response.setStatus(status);
		response.setContentType("application/json");
		response.setCharacterEncoding("UTF-8");
		response.getWriter().write(json);
	}
}
