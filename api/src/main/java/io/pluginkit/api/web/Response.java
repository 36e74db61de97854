package io.pluginkit.api.web;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A complete HTTP response held in memory: status, headers and body. Hooks
 * return one from {@link RequestHook#before} to answer a request themselves,
 * receive the handler's one in {@link RequestHook#after} to change or replace
 * it, and error handlers return one to render an error.
 * <p>
 * Not thread-safe: a response belongs to the request that made it.
 */
public final class Response {

	private int status;
	private final Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
	private byte[] body;

	/** An empty response with the given status. */
	public Response(int status) {
		this.status = status;
		this.body = new byte[0];
	}

	/** A {@code text/plain; charset=UTF-8} response. */
	public static Response text(int status, String text) {
		return new Response(status).contentType("text/plain; charset=UTF-8").body(text);
	}

	/** A {@code text/html; charset=UTF-8} response. */
	public static Response html(int status, String html) {
		return new Response(status).contentType("text/html; charset=UTF-8").body(html);
	}

	/** An {@code application/json} response; {@code json} must already be JSON text. */
	public static Response json(int status, String json) {
		return new Response(status).contentType("application/json").body(json);
	}

	/** A 302 redirect to {@code location}. */
	public static Response redirect(String location) {
		return new Response(302).header("Location", location);
	}

	/** The HTTP status code. */
	public int status() {
		return status;
	}

	/** Sets the HTTP status code. */
	public Response status(int status) {
		this.status = status;
		return this;
	}

	/** The first value of a header, or {@code null}. Names are case-insensitive. */
	public String header(String name) {
		List<String> values = headers.get(name);
		return values == null || values.isEmpty() ? null : values.get(0);
	}

	/** Sets a header, replacing earlier values; a {@code null} value removes it. */
	public Response header(String name, String value) {
		Objects.requireNonNull(name, "name");
		if (value == null) {
			headers.remove(name);
		} else {
			List<String> values = new ArrayList<>(1);
			values.add(value);
			headers.put(name, values);
		}
		return this;
	}

	/** Adds a value to a header. */
	public Response addHeader(String name, String value) {
		headers.computeIfAbsent(Objects.requireNonNull(name, "name"), n -> new ArrayList<>(1))
			.add(Objects.requireNonNull(value, "value"));
		return this;
	}

	/** All headers, read-only, names case-insensitive. */
	public Map<String, List<String>> headers() {
		return Collections.unmodifiableMap(headers);
	}

	/** The {@code Content-Type} header, or {@code null}. */
	public String contentType() {
		return header("Content-Type");
	}

	/** Sets the {@code Content-Type} header. */
	public Response contentType(String contentType) {
		return header("Content-Type", contentType);
	}

	/** The body bytes (not copied). */
	public byte[] body() {
		return body;
	}

	/** The body decoded as UTF-8. */
	public String bodyText() {
		return new String(body, StandardCharsets.UTF_8);
	}

	/** Replaces the body (not copied). */
	public Response body(byte[] body) {
		this.body = Objects.requireNonNull(body, "body");
		return this;
	}

	/** Replaces the body with the UTF-8 bytes of {@code text}. */
	public Response body(String text) {
		return body(text.getBytes(StandardCharsets.UTF_8));
	}

	@Override
	public String toString() {
		return "Response[" + status + ", " + headers + ", " + body.length + " bytes]";
	}
}
