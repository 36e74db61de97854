package io.pluginkit.api.event;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.servlet.ServletRequest;

/**
 * What a plugin adds to the monitoring point of the request it is serving (a servlet, a request
 * hook): tags and fields that the runtime puts into that request's {@link MonitoringPoint}.
 *
 * <pre>
 * RequestPoint.of(request).tag("camera", "3").field("faces", 2);
 * </pre>
 *
 * Kept as a request attribute; thread-safe; a plugin's tag may overwrite the runtime's own
 * ({@code path}, ...) only in the copy it adds, the runtime's values are set last.
 */
public final class RequestPoint {

	/** The request attribute the point is kept in. */
	public static final String ATTRIBUTE = RequestPoint.class.getName();

	private final Map<String, String> tags = new LinkedHashMap<>();
	private final Map<String, Object> fields = new LinkedHashMap<>();

	private RequestPoint() {
	}

	/** The point of {@code request}, created on first use. */
	public static RequestPoint of(ServletRequest request) {
		synchronized (request) {
			Object held = request.getAttribute(ATTRIBUTE);
			if (held instanceof RequestPoint point) {
				return point;
			}
			RequestPoint point = new RequestPoint();
			request.setAttribute(ATTRIBUTE, point);
			return point;
		}
	}

	/** The point of {@code request} if a plugin added something, else {@code null}. */
	public static RequestPoint peek(ServletRequest request) {
		return request.getAttribute(ATTRIBUTE) instanceof RequestPoint point ? point : null;
	}

	/** Adds or replaces a tag (an indexed string value). */
	public synchronized RequestPoint tag(String name, String value) {
		tags.put(name, value);
		return this;
	}

	/** Adds or replaces a field (a measured value: a number, a string or a boolean). */
	public synchronized RequestPoint field(String name, Object value) {
		fields.put(name, value);
		return this;
	}

	/** A copy of the tags so far. */
	public synchronized Map<String, String> tags() {
		return Collections.unmodifiableMap(new LinkedHashMap<>(tags));
	}

	/** A copy of the fields so far. */
	public synchronized Map<String, Object> fields() {
		return Collections.unmodifiableMap(new LinkedHashMap<>(fields));
	}
}
