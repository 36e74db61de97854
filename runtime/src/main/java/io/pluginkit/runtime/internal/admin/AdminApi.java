package io.pluginkit.runtime.internal.admin;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardContextSelect;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletMultipart;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import io.pluginkit.runtime.internal.contrib.PluginDetails;
import io.pluginkit.runtime.internal.registry.PluginException;
import io.pluginkit.runtime.internal.registry.PluginInfo;
import io.pluginkit.runtime.internal.registry.PluginRegistry;
import io.pluginkit.runtime.internal.registry.PluginState;
import io.pluginkit.runtime.internal.security.AdminAccess;
import io.pluginkit.runtime.internal.security.ApiErrors;
import io.pluginkit.runtime.internal.security.AuditLog;
import jakarta.servlet.Servlet;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.Part;

/**
 * The admin API of DESIGN §7 under {@code /admin/api}: list, detail, enable, disable, upload (a raw
 * jar or multipart; too big: 413), install from an http(s) URL or a Maven coordinate, update,
 * uninstall, and a plugin's configuration (ConfigAdmin PID {@code pluginkit.<name>}). Every change
 * goes through the {@link PluginRegistry} and is appended to the {@link AuditLog}; every error is
 * {@code {"error","detail"}} with 400/404/409/413/500, and leaves everything as it was.
 */
@Component(service = Servlet.class)
@HttpWhiteboardContextSelect(AdminContext.SELECT)
@HttpWhiteboardServletName("pluginkit.admin.api")
@HttpWhiteboardServletPattern("/api/*")
@HttpWhiteboardServletMultipart(enabled = true, fileSizeThreshold = 1 << 20, maxFileSize = 256L << 20,
	maxRequestSize = 256L << 20)
public final class AdminApi extends HttpServlet {

	private static final long serialVersionUID = 1L;
	private static final Logger LOG = LoggerFactory.getLogger(AdminApi.class);
	/** A plugin's name (DESIGN §3) or a bundle id: nothing else reaches the registry. */
	private static final Pattern NAME_OR_ID = Pattern.compile("[a-z][a-z0-9._-]{0,63}|\\d{1,18}");
	private static final Pattern FILE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._ ()+-]{0,127}");
	private static final Pattern MAVEN_PART = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}");
	private static final int MAX_JSON = 64 * 1024;

	/** An error to answer: the status and the JSON. */
	static final class Refused extends Exception {
		private static final long serialVersionUID = 1L;
		final int status;
		final String error;

		Refused(int status, String error, String detail) {
			super(detail);
			this.status = status;
			this.error = error;
		}
	}

	private final transient PluginRegistry registry;
	private final transient PluginDetails details;
	private final transient PluginConfigs configs;
	private final transient AuditLog audit;

	@Activate
	public AdminApi(@Reference PluginRegistry registry, @Reference PluginDetails details,
		@Reference PluginConfigs configs, @Reference AuditLog audit) {
		this.registry = registry;
		this.details = details;
		this.configs = configs;
		this.audit = audit;
	}

	@Override
	protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
		String method = req.getMethod();
		String path = req.getPathInfo() == null ? "" : req.getPathInfo();
		String[] parts = path.split("/", -1); // "", "plugins", name, action
		String action = method + " " + path;
		String target = parts.length > 2 ? parts[2] : null;
		try {
			if (parts.length < 2 || !parts[1].equals("plugins")) {
				throw new Refused(404, "not found", "no admin API at " + path + "; see /admin/api/plugins");
			}
			if (parts.length == 2 || parts.length == 3 && parts[2].isEmpty()) {
				switch (method) {
					case "GET" -> list(resp);
					case "POST" -> {
						action = "upload";
						target = null;
						upload(req, resp);
					}
					default -> throw notAllowed(method, path);
				}
				return;
			}
			if (parts.length == 3 && parts[2].equals("install") && method.equals("POST")) {
				action = "install";
				target = null;
				install(req, resp);
				return;
			}
			String name = name(parts[2]);
			if (parts.length == 3) {
				switch (method) {
					case "GET" -> detail(name, resp);
					case "PUT" -> {
						action = "update";
						update(name, req, resp);
					}
					case "DELETE" -> {
						action = "uninstall";
						uninstall(name, req, resp);
					}
					default -> throw notAllowed(method, path);
				}
				return;
			}
			if (parts.length == 4) {
				switch (parts[3] + " " + method) {
					case "enable POST" -> {
						action = "enable";
						done(req, resp, "enable", name, 200, AdminJson.plugin(registry.enable(name)));
					}
					case "disable POST" -> {
						action = "disable";
						done(req, resp, "disable", name, 200, AdminJson.plugin(registry.disable(name)));
					}
					case "config GET" -> AdminJson.send(resp, 200, configs.read(registry.get(name).name()));
					case "config PUT" -> {
						action = "configure";
						String plugin = registry.get(name).name();
						JsonObject saved = configs.write(plugin, json(req));
						done(req, resp, "configure", plugin, 200, saved);
					}
					default -> throw new Refused(parts[3].matches("enable|disable|config") ? 405 : 404,
						parts[3].matches("enable|disable|config") ? "method not allowed" : "not found",
						method + " " + path + " is not an admin API call");
				}
				return;
			}
			throw new Refused(404, "not found", "no admin API at " + path);
		} catch (Refused r) {
			refuse(req, resp, action, target, r.status, r.error, r.getMessage());
		} catch (PluginException e) {
			int status = switch (e.kind()) {
				case NOT_FOUND -> 404;
				case BAD_INPUT -> 400;
				case CONFLICT -> 409;
				case FAILED -> 500;
				case UNAVAILABLE -> 503;
			};
			refuse(req, resp, action, target, status, switch (status) {
				case 404 -> "not found";
				case 400 -> "bad request";
				case 409 -> "conflict";
				case 503 -> "unavailable";
				default -> "failed";
			}, e.getMessage());
		} catch (RuntimeException e) {
			LOG.error("admin API {} {} failed: {}", method, path, e.toString(), e);
			refuse(req, resp, action, target, 500, "internal error", e.toString());
		}
	}

	// ------------------------------------------------------------------ calls

	private void list(HttpServletResponse resp) throws IOException {
		JsonArray all = new JsonArray();
		registry.snapshot().plugins().forEach(p -> all.add(AdminJson.plugin(p)));
		AdminJson.send(resp, 200, all);
	}

	private void detail(String name, HttpServletResponse resp) throws IOException, PluginException {
		PluginInfo p = registry.get(name);
		JsonObject o = AdminJson.plugin(p);
		o.addProperty("readmeFile", p.readmeFile());
		o.addProperty("licenseFile", p.licenseFile());
		o.addProperty("requires", p.requires());
		o.addProperty("symbolicName", p.symbolicName());
		String readme = details.file(p.bundleId(), p.readmeFile());
		o.addProperty("readme", readme);
		o.addProperty("readmeHtml", Markdown.html(readme));
		o.addProperty("licenseText", details.file(p.bundleId(), p.licenseFile()));
		PluginDetails.Details d = details.of(p.bundleId());
		o.addProperty("running", d != null && d.running());
		o.add("contributions", AdminJson.strings(d == null ? java.util.List.of() : d.contributions()));
		o.add("components", AdminJson.strings(d == null ? java.util.List.of() : d.components()));
		o.add("metrics", AdminJson.strings(d == null ? java.util.List.of() : d.metrics()));
		JsonArray errors = new JsonArray();
		if (p.reason() != null) {
			errors.add(p.reason());
		}
		o.add("errors", errors);
		AdminJson.send(resp, 200, o);
	}

	private void upload(HttpServletRequest req, HttpServletResponse resp) throws IOException, PluginException, Refused {
		Path dir = Files.createTempDirectory("pluginkit-upload-");
		try {
			Path jar = receive(req, dir);
			Optional<PluginInfo> installed = registry.install(jar.toString());
			if (installed.isEmpty()) {
				JsonObject o = new JsonObject();
				o.addProperty("library", jar.getFileName().toString());
				o.addProperty("detail", "installed as a library: it has no Plugin-Name");
				done(req, resp, "upload", jar.getFileName().toString(), 201, o);
				return;
			}
			done(req, resp, "upload", installed.get().name(), 201, AdminJson.plugin(installed.get()));
		} finally {
			deleteTree(dir);
		}
	}

	private void update(String name, HttpServletRequest req, HttpServletResponse resp)
		throws IOException, PluginException, Refused {
		PluginInfo current = registry.get(name);
		Path dir = Files.createTempDirectory("pluginkit-upload-");
		try {
			Path jar = receive(req, dir);
			Optional<PluginInfo> updated = registry.update(current.name(), jar.toString());
			JsonObject o = updated.map(AdminJson::plugin).orElseGet(JsonObject::new);
			done(req, resp, "update", current.name(), 200, o);
		} finally {
			deleteTree(dir);
		}
	}

	private void uninstall(String name, HttpServletRequest req, HttpServletResponse resp) throws IOException, PluginException {
		PluginInfo last = registry.uninstall(name);
		JsonObject o = new JsonObject();
		o.addProperty("name", last == null ? name : last.name());
		o.addProperty("state", PluginState.UNINSTALLED.name());
		done(req, resp, "uninstall", last == null ? name : last.name(), 200, o);
	}

	private void install(HttpServletRequest req, HttpServletResponse resp) throws IOException, PluginException, Refused {
		JsonObject body = json(req).getAsJsonObject();
		String source = source(body);
		Optional<PluginInfo> installed = registry.install(source);
		JsonObject o = installed.map(AdminJson::plugin).orElseGet(() -> {
			JsonObject lib = new JsonObject();
			lib.addProperty("library", source);
			return lib;
		});
		done(req, resp, "install", installed.map(PluginInfo::name).orElse(source), 201, o);
	}

	// ------------------------------------------------------------------ checks

	/** A plugin name or bundle id from the URL, else 400 (no traversal, no odd characters). */
	static String name(String segment) throws Refused {
		if (!NAME_OR_ID.matcher(segment).matches() || segment.contains("..")) {
			throw new Refused(400, "bad request", "'" + segment + "' is not a plugin name ([a-z][a-z0-9._-]{0,63}) or a bundle id");
		}
		return segment;
	}

	/** The registry's source for an install body: {@code {"url":"https://..."}} or {@code {"mvn":"g:a:v"}}. */
	static String source(JsonObject body) throws Refused {
		if (body.has("url") && body.get("url").isJsonPrimitive()) {
			String url = body.get("url").getAsString().trim();
			URI uri;
			try {
				uri = new URI(url);
			} catch (URISyntaxException e) {
				throw new Refused(400, "bad request", "'" + url + "' is not a valid URL: " + e.getReason());
			}
			String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
			if (!scheme.equals("http") && !scheme.equals("https")) {
				throw new Refused(400, "bad request", "only http: and https: URLs are installed from the admin API, not '"
					+ (scheme.isEmpty() ? url : scheme + ":") + "'");
			}
			if (uri.getHost() == null || uri.getRawUserInfo() != null) {
				throw new Refused(400, "bad request", "'" + url + "' needs a host (and no user name or password)");
			}
			if (url.contains("..") || url.contains("%2e%2e") || url.contains("%2E%2E")) {
				throw new Refused(400, "bad request", "'" + url + "' contains '..'");
			}
			return uri.toString();
		}
		if (body.has("mvn") && body.get("mvn").isJsonPrimitive()) {
			String gav = body.get("mvn").getAsString().trim();
			String[] p = gav.split(":");
			if (p.length < 3 || p.length > 5 || Stream.of(p).anyMatch(s -> !MAVEN_PART.matcher(s).matches() || s.contains(".."))) {
				throw new Refused(400, "bad request", "'" + gav + "' is not a Maven coordinate: use group:artifact:version");
			}
			return "mvn:" + String.join("/", p);
		}
		throw new Refused(400, "bad request", "send {\"url\":\"https://...\"} or {\"mvn\":\"group:artifact:version\"}");
	}

	/** A file name an upload gives, else 400: no path, no '..', a .jar. */
	static String fileName(String given) throws Refused {
		if (given == null || given.isBlank()) {
			return "upload.jar";
		}
		String name = given.trim();
		if (name.contains("/") || name.contains("\\") || name.contains("..") || !FILE_NAME.matcher(name).matches()) {
			throw new Refused(400, "bad request", "the file name '" + given + "' is refused: send a plain name such as plugin.jar (no path, no '..')");
		}
		if (!name.toLowerCase(Locale.ROOT).endsWith(".jar")) {
			throw new Refused(400, "bad request", "the file name '" + given + "' is refused: a plugin is a .jar");
		}
		return name;
	}

	/** Writes the uploaded jar (a raw body, or the file part of a multipart form) into the folder. */
	private Path receive(HttpServletRequest req, Path dir) throws IOException, Refused {
		long max = registry.maxJarBytes();
		String type = req.getContentType() == null ? "" : req.getContentType().toLowerCase(Locale.ROOT);
		if (req.getContentLengthLong() > max) {
			throw tooLarge(max);
		}
		if (type.startsWith("multipart/form-data")) {
			Part file;
			try {
				file = req.getParts().stream().filter(p -> p.getSubmittedFileName() != null).findFirst().orElse(null);
			} catch (IllegalStateException e) {
				throw tooLarge(max);
			} catch (ServletException | IOException e) {
				throw new Refused(400, "bad request", "the multipart body cannot be read: " + e.getMessage());
			}
			if (file == null) {
				throw new Refused(400, "bad request", "the multipart body has no file part");
			}
			if (file.getSize() > max) {
				throw tooLarge(max);
			}
			Path jar = dir.resolve(fileName(file.getSubmittedFileName()));
			try (InputStream in = file.getInputStream()) {
				copy(in, jar, max);
			}
			return jar;
		}
		String given = req.getHeader("X-File-Name") != null ? req.getHeader("X-File-Name") : req.getParameter("filename");
		Path jar = dir.resolve(fileName(given));
		copy(req.getInputStream(), jar, max);
		return jar;
	}

	private static void copy(InputStream in, Path jar, long max) throws IOException, Refused {
		long total = 0;
		byte[] buffer = new byte[64 * 1024];
		try (OutputStream out = Files.newOutputStream(jar)) {
			for (int n; (n = in.read(buffer)) >= 0;) {
				total += n;
				if (total > max) {
					throw tooLarge(max);
				}
				out.write(buffer, 0, n);
			}
		}
		if (total == 0) {
			throw new Refused(400, "bad request", "the upload is empty: send the plugin jar as the body");
		}
	}

	private static Refused tooLarge(long max) {
		return new Refused(413, "payload too large", "a plugin jar may be at most " + max
			+ " bytes (pluginkit.install.max.bytes)");
	}

	private static JsonElement json(HttpServletRequest req) throws IOException, Refused {
		byte[] bytes = req.getInputStream().readNBytes(MAX_JSON + 1);
		if (bytes.length > MAX_JSON) {
			throw new Refused(413, "payload too large", "a JSON body may be at most " + MAX_JSON + " bytes");
		}
		try {
			JsonElement e = JsonParser.parseString(new String(bytes, StandardCharsets.UTF_8));
			if (!e.isJsonObject()) {
				throw new Refused(400, "bad request", "send a JSON object");
			}
			return e;
		} catch (RuntimeException e) {
			throw new Refused(400, "bad request", "the body is not JSON: " + e.getMessage());
		}
	}

	private static Refused notAllowed(String method, String path) {
		return new Refused(405, "method not allowed", method + " " + path + " is not an admin API call");
	}

	// ------------------------------------------------------------------ replies

	private void done(HttpServletRequest req, HttpServletResponse resp, String action, String target, int status,
		JsonObject body) throws IOException {
		String result = body.has("state") && !body.get("state").isJsonNull() ? body.get("state").getAsString() : "done";
		audit.record(req.getRemoteAddr(), who(req), action, target, status, result);
		AdminJson.send(resp, status, body);
	}

	private void refuse(HttpServletRequest req, HttpServletResponse resp, String action, String target, int status,
		String error, String detail) throws IOException {
		if (!"GET".equals(req.getMethod())) {
			audit.record(req.getRemoteAddr(), who(req), action, target, status, error + ": " + detail);
		}
		ApiErrors.send(resp, status, error, detail);
	}

	private static String who(HttpServletRequest req) {
		Object who = req.getAttribute(AdminAccess.WHO);
		return who == null ? "-" : who.toString();
	}

	private static void deleteTree(Path dir) {
		try (Stream<Path> files = Files.walk(dir)) {
			files.sorted(Comparator.reverseOrder()).forEach(p -> {
				try {
					Files.deleteIfExists(p);
				} catch (IOException e) {
					// a temporary file: the next start's cleanup or the OS takes it
				}
			});
		} catch (IOException e) {
			// same
		}
	}
}
