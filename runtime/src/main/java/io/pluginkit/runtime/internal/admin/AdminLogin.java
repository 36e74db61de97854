package io.pluginkit.runtime.internal.admin;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardContextSelect;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import io.pluginkit.runtime.internal.security.AdminAccess;
import io.pluginkit.runtime.internal.security.AdminSessions;
import io.pluginkit.runtime.internal.security.ApiErrors;
import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The admin UI's login: {@code POST /admin/login} with {@code {"token":"..."}} (or a form field
 * {@code token}) opens a session (an {@code HttpOnly}, {@code SameSite=Strict} cookie that expires)
 * and answers its CSRF token; {@code GET /admin/session} gives a logged-in page its CSRF token again;
 * {@code POST /admin/logout} ends the session. Wrong tokens are counted, logged and audited, and an
 * address that sends too many waits ({@code 429}).
 */
@Component(service = Servlet.class)
@HttpWhiteboardContextSelect(AdminContext.SELECT)
@HttpWhiteboardServletName("pluginkit.admin.login")
@HttpWhiteboardServletPattern({ "/login", "/logout", "/session" })
public final class AdminLogin extends HttpServlet {

	private static final long serialVersionUID = 1L;
	private static final int MAX_BODY = 4096;

	private final transient AdminAccess access;

	@Activate
	public AdminLogin(@Reference AdminAccess access) {
		this.access = access;
	}

	@Override
	protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
		if (!"/session".equals(req.getServletPath())) {
			ApiErrors.send(resp, 405, "method not allowed", "use POST");
			return;
		}
		JsonObject body = new JsonObject();
		String id = AdminAccess.cookie(req, AdminSessions.COOKIE);
		access.sessions().find(id).ifPresent(s -> body.addProperty("csrf", s.csrf()));
		body.addProperty("via", String.valueOf(req.getAttribute(AdminAccess.WHO)));
		AdminJson.send(resp, 200, body);
	}

	@Override
	protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
		String from = req.getRemoteAddr();
		if ("/logout".equals(req.getServletPath())) {
			access.sessions().close(AdminAccess.cookie(req, AdminSessions.COOKIE));
			resp.addHeader("Set-Cookie", AdminSessions.COOKIE + "=; Path=" + AdminContext.PATH
				+ "; Max-Age=0; HttpOnly; SameSite=Strict" + (req.isSecure() ? "; Secure" : ""));
			access.audit().record(from, String.valueOf(req.getAttribute(AdminAccess.WHO)), "logout", null, 200, null);
			AdminJson.send(resp, 200, new JsonObject());
			return;
		}
		if (!"/login".equals(req.getServletPath())) {
			ApiErrors.send(resp, 405, "method not allowed", "use GET");
			return;
		}
		long wait = access.limiter().retryAfterSeconds(from);
		if (wait > 0) {
			access.audit().record(from, "-", "login", null, 429, "refused: too many failed logins");
			AdminAccess.tooMany(resp, wait);
			return;
		}
		String token = token(req);
		if (token == null) {
			ApiErrors.send(resp, 400, "bad request", "send {\"token\":\"<the admin token>\"} as JSON (or a form field 'token')");
			return;
		}
		if (!access.token().accepts(token)) {
			access.failed(from, "token at login");
			ApiErrors.send(resp, 401, "unauthorized", "that is not the admin token (see admin.token in the data folder)");
			return;
		}
		access.limiter().succeeded(from);
		AdminSessions.Session s = access.sessions().open();
		resp.addHeader("Set-Cookie", AdminSessions.COOKIE + "=" + s.id() + "; Path=" + AdminContext.PATH + "; Max-Age="
			+ AdminSessions.LIFETIME.toSeconds() + "; HttpOnly; SameSite=Strict" + (req.isSecure() ? "; Secure" : ""));
		access.audit().record(from, "token", "login", null, 200, "session opened");
		JsonObject body = new JsonObject();
		body.addProperty("csrf", s.csrf());
		body.addProperty("expires", java.time.Instant.ofEpochMilli(s.expiresMillis()).toString());
		AdminJson.send(resp, 200, body);
	}

	/** The token a login sends (JSON {@code {"token":...}} or a form field), or null when it sends none. */
	private static String token(HttpServletRequest req) throws IOException {
		String body = new String(req.getInputStream().readNBytes(MAX_BODY), StandardCharsets.UTF_8).trim();
		if (body.startsWith("{")) {
			try {
				JsonObject o = JsonParser.parseString(body).getAsJsonObject();
				return o.has("token") && o.get("token").isJsonPrimitive() ? o.get("token").getAsString().trim() : null;
			} catch (RuntimeException e) {
				return null;
			}
		}
		for (String field : body.split("&")) {
			if (field.startsWith("token=")) {
				return java.net.URLDecoder.decode(field.substring(6), StandardCharsets.UTF_8).trim();
			}
		}
		return null;
	}
}
