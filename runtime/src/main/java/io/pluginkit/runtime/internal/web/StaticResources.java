package io.pluginkit.runtime.internal.web;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.osgi.framework.Bundle;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;

import io.pluginkit.runtime.internal.registry.PluginRegistry;
import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * {@code /static/<plugin>/<path>}: the file {@code static/<path>} of an enabled
 * plugin's bundle. Paths that try to leave {@code static/} ({@code ..}, empty
 * or dot segments, backslashes, also percent-encoded) are refused with 400.
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletName("pluginkit.static")
@HttpWhiteboardServletPattern("/static/*")
public final class StaticResources extends HttpServlet {

	private static final long serialVersionUID = 1L;

	static final Map<String, String> TYPES = Map.ofEntries(Map.entry("css", "text/css; charset=UTF-8"),
		Map.entry("js", "text/javascript; charset=UTF-8"), Map.entry("mjs", "text/javascript; charset=UTF-8"),
		Map.entry("html", "text/html; charset=UTF-8"), Map.entry("htm", "text/html; charset=UTF-8"),
		Map.entry("json", "application/json"), Map.entry("txt", "text/plain; charset=UTF-8"),
		Map.entry("md", "text/markdown; charset=UTF-8"), Map.entry("svg", "image/svg+xml"),
		Map.entry("png", "image/png"), Map.entry("jpg", "image/jpeg"), Map.entry("jpeg", "image/jpeg"),
		Map.entry("gif", "image/gif"), Map.entry("webp", "image/webp"), Map.entry("ico", "image/x-icon"),
		Map.entry("woff", "font/woff"), Map.entry("woff2", "font/woff2"), Map.entry("map", "application/json"),
		Map.entry("wasm", "application/wasm"));

	private final transient PluginRegistry registry;

	@Activate
	public StaticResources(@Reference PluginRegistry registry) {
		this.registry = registry;
	}

	@Override
	protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
		String path = req.getPathInfo();
		if (path == null || path.length() < 2) {
			resp.sendError(404);
			return;
		}
		String[] parts = path.substring(1).split("/", 2);
		if (parts.length < 2 || !isSafe(parts[1])) {
			resp.sendError(parts.length < 2 ? 404 : 400);
			return;
		}
		Optional<Bundle> bundle = registry.enabledBundle(parts[0]);
		if (bundle.isEmpty()) {
			resp.sendError(404);
			return;
		}
		URL entry = bundle.get().getEntry("static/" + parts[1]);
		if (entry == null || parts[1].endsWith("/")) {
			resp.sendError(404);
			return;
		}
		String etag = "\"" + bundle.get().getBundleId() + "-" + bundle.get().getLastModified() + "\"";
		if (etag.equals(req.getHeader("If-None-Match"))) {
			resp.setStatus(304);
			return;
		}
		resp.setHeader("ETag", etag);
		resp.setContentType(contentType(parts[1]));
		try (InputStream in = entry.openStream()) {
			in.transferTo(resp.getOutputStream());
		}
	}

	/**
	 * Whether a relative path stays inside the folder it is resolved against.
	 * Percent-encoded forms are judged decoded too, so that nothing downstream
	 * that decodes again can turn {@code %2e%2e} into {@code ..}.
	 */
	static boolean isSafe(String relative) {
		String decoded = percentDecoded(relative);
		if (!decoded.equals(relative) && !isSafe(decoded)) {
			return false;
		}
		if (relative.isEmpty() || relative.indexOf('\\') >= 0 || relative.indexOf('\0') >= 0
			|| relative.startsWith("/")) {
			return false;
		}
		for (String segment : relative.split("/", -1)) {
			if (segment.equals("..") || segment.equals(".") || segment.isEmpty() && !relative.endsWith("/")) {
				return false;
			}
		}
		return true;
	}

	/** {@code %XX} escapes decoded as UTF-8; anything else, including a stray {@code %}, kept as is. */
	private static String percentDecoded(String s) {
		if (s.indexOf('%') < 0) {
			return s;
		}
		ByteArrayOutputStream bytes = new ByteArrayOutputStream(s.length());
		for (int i = 0; i < s.length(); i++) {
			char c = s.charAt(i);
			int hi = i + 2 < s.length() && c == '%' ? Character.digit(s.charAt(i + 1), 16) : -1;
			int lo = hi >= 0 ? Character.digit(s.charAt(i + 2), 16) : -1;
			if (lo >= 0) {
				bytes.write(hi << 4 | lo);
				i += 2;
			} else {
				bytes.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
			}
		}
		return bytes.toString(StandardCharsets.UTF_8);
	}

	static String contentType(String path) {
		int dot = path.lastIndexOf('.');
		String ext = dot < 0 ? "" : path.substring(dot + 1).toLowerCase(Locale.ROOT);
		return TYPES.getOrDefault(ext, "application/octet-stream");
	}
}
