package io.pluginkit.runtime.internal.security;

import java.io.IOException;
import java.time.Clock;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.ComponentException;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.pluginkit.runtime.internal.state.DataFolder;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Decides whether a request may use the admin and {@code /api} endpoints: it must come from an
 * address of {@code pluginkit.admin.allow} (else 403) and carry the {@link AdminToken} as a bearer
 * token, or (the admin UI only) the cookie of a live {@link AdminSessions session} plus, for a
 * state change, its CSRF token (else 401, or 403 for a missing CSRF token). Wrong tokens count
 * against their address ({@link LoginLimiter}: 429 after too many). Says at start where the token
 * is, once.
 */
@Component(service = AdminAccess.class)
public final class AdminAccess {

	/** The request attribute that says how the caller proved itself: {@code token} or {@code session}. */
	public static final String WHO = "pluginkit.admin.who";

	private static final Logger LOG = LoggerFactory.getLogger(AdminAccess.class);

	private final AdminToken token;
	private final AddressList allow;
	private final LoginLimiter limiter = new LoginLimiter(Clock.systemUTC());
	private final AdminSessions sessions = new AdminSessions(Clock.systemUTC());
	private final AuditLog audit;

	@Activate
	public AdminAccess(BundleContext context, @Reference DataFolder data, @Reference AuditLog audit) {
		this.audit = audit;
		try {
			this.token = AdminToken.load(context.getProperty(AdminToken.PROPERTY), data.path(), LOG::warn);
		} catch (IOException e) {
			String message = "cannot read the admin token " + data.path().resolve(AdminToken.FILE) + " (" + e
				+ "): the admin API and /api stay closed until it can be read, or -D" + AdminToken.PROPERTY + " is set";
			LOG.error(message);
			throw new ComponentException(message);
		}
		this.allow = AddressList.parse(context.getProperty(AddressList.PROPERTY), LOG::warn);
		if (!token.origin().equals("memory")) {
			LOG.info("admin API token: {}", token.origin());
		}
	}

	/** Whether the request carries the admin token in its {@code Authorization} header. */
	public boolean authenticated(HttpServletRequest request) {
		return token.acceptsHeader(request.getHeader("Authorization"));
	}

	/** The token, for a login form that compares what an operator typed. */
	public AdminToken token() {
		return token;
	}

	public AdminSessions sessions() {
		return sessions;
	}

	public LoginLimiter limiter() {
		return limiter;
	}

	public AuditLog audit() {
		return audit;
	}

	/** Whether the request's address is in {@code pluginkit.admin.allow}. */
	public boolean allowed(HttpServletRequest request) {
		return allow.allows(request.getRemoteAddr());
	}

	/**
	 * Lets the request through (true, with {@link #WHO} set) or answers it with the JSON error
	 * (false): 403 from a denied address, 429 while its address is locked out, 401 without a valid
	 * token or session, 403 for a session's state change without its CSRF token.
	 *
	 * @param sessionAllowed whether a UI session cookie may stand for the token (the admin context)
	 */
	public boolean admit(HttpServletRequest request, HttpServletResponse response, boolean sessionAllowed)
		throws IOException {
		String from = request.getRemoteAddr();
		if (!allowed(request)) {
			ApiErrors.send(response, 403, "forbidden", "the address " + from + " is not in " + AddressList.PROPERTY
				+ " (" + allow + ")");
			return false;
		}
		String authorization = request.getHeader("Authorization");
		if (authorization != null) {
			long wait = limiter.retryAfterSeconds(from);
			if (wait > 0) {
				tooMany(response, wait);
				return false;
			}
			if (token.acceptsHeader(authorization)) {
				limiter.succeeded(from);
				request.setAttribute(WHO, "token");
				return true;
			}
			failed(from, "bearer token");
			unauthorized(response, "the bearer token is not the admin token");
			return false;
		}
		if (sessionAllowed) {
			String id = cookie(request, AdminSessions.COOKIE);
			if (id != null) {
				AdminSessions.Session s = sessions.find(id).orElse(null);
				if (s == null) {
					unauthorized(response, "the session is unknown or expired: log in again");
					return false;
				}
				if (!safe(request.getMethod()) && !AdminSessions.csrfMatches(s, request.getHeader(AdminSessions.CSRF_HEADER))) {
					ApiErrors.send(response, 403, "csrf", "a state change from the admin UI must carry the session's "
						+ AdminSessions.CSRF_HEADER + " header");
					return false;
				}
				request.setAttribute(WHO, "session");
				return true;
			}
		}
		unauthorized(response, "send the admin token as 'Authorization: Bearer <token>' (it is in admin.token in the data"
			+ " folder, or set by -D" + AdminToken.PROPERTY + ")" + (sessionAllowed ? ", or log in at /admin" : ""));
		return false;
	}

	/** Counts and logs a failed attempt; the audit log gets it too. */
	public void failed(String from, String what) {
		int n = limiter.failed(from);
		if (n <= LoginLimiter.MAX_FAILURES) {
			LOG.warn("admin: wrong {} from {} ({} in a row{})", what, from, n,
				n == LoginLimiter.MAX_FAILURES ? "; that address must now wait " + LoginLimiter.WINDOW_SECONDS + " s" : "");
		}
		audit.record(from, "-", "login", null, 401, "wrong " + what + " (" + n + " in a row)");
	}

	/** The 429 answer while an address is locked out. */
	public static void tooMany(HttpServletResponse response, long retryAfterSeconds) throws IOException {
		response.setHeader("Retry-After", Long.toString(retryAfterSeconds));
		ApiErrors.send(response, 429, "too many failed logins", "this address sent " + LoginLimiter.MAX_FAILURES
			+ " wrong tokens in a row: try again in " + retryAfterSeconds + " s");
	}

	private static void unauthorized(HttpServletResponse response, String detail) throws IOException {
		response.setHeader("WWW-Authenticate", "Bearer realm=\"pluginkit\"");
		ApiErrors.send(response, 401, "unauthorized", detail);
	}

	private static boolean safe(String method) {
		return "GET".equals(method) || "HEAD".equals(method) || "OPTIONS".equals(method);
	}

	/** A cookie's value, or null. */
	public static String cookie(HttpServletRequest request, String name) {
		Cookie[] cookies = request.getCookies();
		if (cookies != null) {
			for (Cookie c : cookies) {
				if (name.equals(c.getName())) {
					return c.getValue();
				}
			}
		}
		return null;
	}
}
