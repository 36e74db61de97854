package io.pluginkit.sample.teapot;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.pluginkit.api.background.BackgroundContext;

class HeaterTest {

	/** A context that lets the heater tick {@code ticks} times, recording each wait, then cancels it. */
	static final class Ticks implements BackgroundContext {
		final List<Duration> waits = new ArrayList<>();
		final List<Integer> seen = new ArrayList<>();
		final Heater heater;
		int left;

		Ticks(Heater heater, int ticks) {
			this.heater = heater;
			this.left = ticks;
		}

		@Override
		public String pluginName() {
			return "teapot";
		}

		@Override
		public boolean cancelled() {
			return left < 0;
		}

		@Override
		public boolean sleep(Duration duration) {
			waits.add(duration);
			seen.add(heater.temperature());
			return left-- > 0;
		}

		@Override
		public int restarts() {
			return 0;
		}
	}

	@Test
	void theWaterWarmsOneDegreeATickFromZero() {
		Heater heater = new Heater(1000);
		Ticks ticks = new Ticks(heater, 3);

		heater.start(ticks);

		assertThat(ticks.seen).containsExactly(0, 1, 2, 3);
		assertThat(ticks.waits).containsOnly(Duration.ofSeconds(1));
		assertThat(heater.temperature()).isEqualTo(3);
	}

	@Test
	void itStopsAtBoilingAndStaysThere() {
		Heater heater = new Heater(1);

		heater.start(new Ticks(heater, 150));

		assertThat(heater.temperature()).isEqualTo(100);
	}

	@Test
	void aCancelledHeaterReturnsAtOnce() {
		Heater heater = new Heater(1000);
		Ticks ticks = new Ticks(heater, 0);

		heater.start(ticks);

		assertThat(heater.temperature()).isZero();
	}
}
