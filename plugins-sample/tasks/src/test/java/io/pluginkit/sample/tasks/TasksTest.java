package io.pluginkit.sample.tasks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.pluginkit.api.task.TaskContext;
import io.pluginkit.api.trigger.PluginTriggerError;

class TasksTest {

	/** A run's context with these arguments, as the runner gives it. */
	static TaskContext ctx(Map<String, Object> args) {
		return new TaskContext() {
			public String task() {
				return "test";
			}

			public String runId() {
				return "r-1";
			}

			public Map<String, Object> args() {
				return args;
			}

			public int attempt() {
				return 1;
			}

			public boolean cancelled() {
				return false;
			}

			public PluginTriggerError pluginError(String reason) {
				throw new PluginTriggerError(reason);
			}
		};
	}

	@Test
	void sumAddsTheNumbersAndAnswersAWholeNumber() {
		assertThat(new Sum().run(ctx(Map.of("numbers", List.of(1L, 2L, 3L))))).isEqualTo(Map.of("result", 6L));
		assertThat(new Sum().run(ctx(Map.of("numbers", List.of(1.5, 2L))))).isEqualTo(Map.of("result", 3.5));
	}

	@Test
	void sumOfANonNumberEndsWithItsReason() {
		assertThatThrownBy(() -> new Sum().run(ctx(Map.of("numbers", List.of(1L, "x")))))
			.isInstanceOf(PluginTriggerError.class).hasMessage("not a number: x");
	}

	@Test
	void divideDividesAndRefusesZero() {
		assertThat(new Divide().run(ctx(Map.of("a", 6L, "b", 3L)))).isEqualTo(Map.of("result", 2L));
		assertThatThrownBy(() -> new Divide().run(ctx(Map.of("a", 6L, "b", 0L)))).isInstanceOf(PluginTriggerError.class)
			.hasMessage("division by zero");
	}
}
