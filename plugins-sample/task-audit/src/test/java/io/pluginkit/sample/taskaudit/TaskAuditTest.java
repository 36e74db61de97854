package io.pluginkit.sample.taskaudit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class TaskAuditTest {

	@Test
	void sumsArgsLoseTheirNonNumbersOtherTasksKeepTheirs() {
		DropNonNumbers drop = new DropNonNumbers();

		assertThat(drop.trigger("task_executor_args_replace", Map.of("task", "sum", "args", Map.of("numbers", List.of(1L, "x")))))
			.isEqualTo(Map.of("new_args", Map.of("numbers", List.of(1L))));
		assertThat(drop.trigger("task_executor_args_replace", Map.of("task", "sum", "args", Map.of("numbers", List.of(1L)))))
			.isNull();
		assertThat(drop.trigger("task_executor_args_replace", Map.of("task", "divide", "args", Map.of("numbers", List.of("x")))))
			.isNull();
	}

	@Test
	void dividesDivisionByZeroGetsAResultOtherErrorsDoNot() {
		DivisionByZeroResult handler = new DivisionByZeroResult();
		Map<String, Object> expected = new LinkedHashMap<>();
		expected.put("result", null);
		expected.put("error", "division by zero");

		assertThat(handler.trigger("task_executor_run_task_trigger_error", Map.of("task", "divide", "reason", "division by zero")))
			.isEqualTo(Map.of("new_result", expected));
		assertThat(handler.trigger("task_executor_run_task_trigger_error", Map.of("task", "sum", "reason", "division by zero")))
			.isNull();
		assertThat(handler.trigger("task_executor_run_task_trigger_error", Map.of("task", "divide", "reason", "not a number: a = x")))
			.isNull();
	}

	@Test
	void everyTriggerIsCountedAndShownAsJson() {
		TriggerCounter counter = new TriggerCounter();
		counter.trigger("worker_execute_before", Map.of());
		counter.trigger("worker_execute_before", Map.of());
		counter.trigger("task_executor_args_replace", Map.of());

		assertThat(StatsServlet.json(counter.counts()))
			.isEqualTo("{\"total\":3,\"triggers\":{\"task_executor_args_replace\":1,\"worker_execute_before\":2}}");
	}
}
