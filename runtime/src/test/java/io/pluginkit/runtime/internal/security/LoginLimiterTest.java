package io.pluginkit.runtime.internal.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

class LoginLimiterTest {

	Instant now = Instant.parse("2026-11-24T10:00:00Z");
	final Clock clock = new Clock() {
		@Override
		public ZoneOffset getZone() {
			return ZoneOffset.UTC;
		}

		@Override
		public Clock withZone(java.time.ZoneId zone) {
			return this;
		}

		@Override
		public Instant instant() {
			return now;
		}
	};

	@Test
	void tenFailuresInARowMakeTheAddressWaitAWindowSinceTheLast() {
		LoginLimiter limiter = new LoginLimiter(clock);
		for (int i = 1; i < LoginLimiter.MAX_FAILURES; i++) {
			assertThat(limiter.failed("10.0.0.1")).isEqualTo(i);
			assertThat(limiter.retryAfterSeconds("10.0.0.1")).isZero();
		}
		limiter.failed("10.0.0.1");
		assertThat(limiter.retryAfterSeconds("10.0.0.1")).isEqualTo(LoginLimiter.WINDOW_SECONDS);
		assertThat(limiter.retryAfterSeconds("10.0.0.2")).isZero();
		now = now.plus(Duration.ofSeconds(59));
		assertThat(limiter.retryAfterSeconds("10.0.0.1")).isEqualTo(1);
		now = now.plus(Duration.ofSeconds(1));
		assertThat(limiter.retryAfterSeconds("10.0.0.1")).isZero();
		assertThat(limiter.failed("10.0.0.1")).isEqualTo(1);
	}

	@Test
	void aSuccessStartsTheAddressOver() {
		LoginLimiter limiter = new LoginLimiter(clock);
		for (int i = 0; i < 5; i++) {
			limiter.failed("::1");
		}
		limiter.succeeded("::1");
		assertThat(limiter.failed("::1")).isEqualTo(1);
	}
}
