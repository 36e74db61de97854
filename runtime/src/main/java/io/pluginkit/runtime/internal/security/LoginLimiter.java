package io.pluginkit.runtime.internal.security;

import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Slows down guessing the admin token: after {@value #MAX_FAILURES} failed logins (or wrong bearer
 * tokens) from one address within {@value #WINDOW_SECONDS} s, that address is refused (429) until
 * the window has passed since its last failure; a success clears its count. So many addresses are
 * kept at most ({@value #MAX_ADDRESSES}; beyond, the oldest are forgotten) that a flood of
 * addresses cannot fill the memory.
 */
public final class LoginLimiter {

	static final int MAX_FAILURES = 10;
	static final long WINDOW_SECONDS = 60;
	static final int MAX_ADDRESSES = 10_000;

	private record Failures(int count, long lastMillis) {
	}

	private final Clock clock;
	private final Map<String, Failures> byAddress = new ConcurrentHashMap<>();

	public LoginLimiter(Clock clock) {
		this.clock = clock;
	}

	/** Seconds the address must still wait before it may try again, 0 when it may try now. */
	public long retryAfterSeconds(String address) {
		Failures f = byAddress.get(key(address));
		if (f == null || f.count < MAX_FAILURES) {
			return 0;
		}
		long left = f.lastMillis + WINDOW_SECONDS * 1000 - clock.millis();
		if (left <= 0) {
			byAddress.remove(key(address), f);
			return 0;
		}
		return (left + 999) / 1000;
	}

	/** A failed attempt from the address; returns how many in a row it has now. */
	public int failed(String address) {
		if (byAddress.size() >= MAX_ADDRESSES) {
			forgetOldest();
		}
		long now = clock.millis();
		return byAddress.compute(key(address), (k, f) -> f == null || now - f.lastMillis > WINDOW_SECONDS * 1000
			? new Failures(1, now) : new Failures(f.count + 1, now)).count;
	}

	/** A successful login: the address starts over. */
	public void succeeded(String address) {
		byAddress.remove(key(address));
	}

	private void forgetOldest() {
		long cutoff = clock.millis() - WINDOW_SECONDS * 1000;
		byAddress.values().removeIf(f -> f.lastMillis < cutoff);
		if (byAddress.size() >= MAX_ADDRESSES) {
			byAddress.clear();
		}
	}

	private static String key(String address) {
		return address == null ? "" : address;
	}
}
