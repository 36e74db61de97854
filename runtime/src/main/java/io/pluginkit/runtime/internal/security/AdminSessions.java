package io.pluginkit.runtime.internal.security;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The admin UI's sessions: after a login with the admin token, the browser holds a random session
 * id in an {@code HttpOnly}, {@code SameSite=Strict} cookie that expires, and the page holds the
 * session's CSRF token, which every state change must send back as {@value #CSRF_HEADER}. Kept in
 * memory only: a restart logs everyone out. A cookie that names no live session is refused.
 */
public final class AdminSessions {

	/** The cookie that carries the session id. */
	public static final String COOKIE = "pluginkit_admin";
	/** The request header that must carry the session's CSRF token on a state change. */
	public static final String CSRF_HEADER = "X-CSRF-Token";
	/** How long a session lives after its login. */
	public static final Duration LIFETIME = Duration.ofHours(8);
	static final int MAX_SESSIONS = 1000;

	/** A logged-in browser. */
	public record Session(String id, String csrf, long expiresMillis) {
	}

	private final SecureRandom random = new SecureRandom();
	private final Clock clock;
	private final Map<String, Session> sessions = new ConcurrentHashMap<>();

	public AdminSessions(Clock clock) {
		this.clock = clock;
	}

	/** A new session (the oldest ones go when there are too many). */
	public Session open() {
		if (sessions.size() >= MAX_SESSIONS) {
			long now = clock.millis();
			sessions.values().removeIf(s -> s.expiresMillis <= now);
			if (sessions.size() >= MAX_SESSIONS) {
				sessions.values().stream().min((a, b) -> Long.compare(a.expiresMillis, b.expiresMillis))
					.ifPresent(s -> sessions.remove(s.id));
			}
		}
		Session s = new Session(randomToken(), randomToken(), clock.millis() + LIFETIME.toMillis());
		sessions.put(s.id, s);
		return s;
	}

	/** The live session of a cookie value; an expired one is forgotten. */
	public Optional<Session> find(String id) {
		if (id == null) {
			return Optional.empty();
		}
		Session s = sessions.get(id);
		if (s == null) {
			return Optional.empty();
		}
		if (s.expiresMillis <= clock.millis()) {
			sessions.remove(id, s);
			return Optional.empty();
		}
		return Optional.of(s);
	}

	/** Whether a presented CSRF token is the session's, in constant time. */
	public static boolean csrfMatches(Session s, String presented) {
		return presented != null && java.security.MessageDigest.isEqual(s.csrf.getBytes(java.nio.charset.StandardCharsets.UTF_8),
			presented.getBytes(java.nio.charset.StandardCharsets.UTF_8));
	}

	public void close(String id) {
		if (id != null) {
			sessions.remove(id);
		}
	}

	private String randomToken() {
		byte[] bytes = new byte[32];
		random.nextBytes(bytes);
		return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}
}
