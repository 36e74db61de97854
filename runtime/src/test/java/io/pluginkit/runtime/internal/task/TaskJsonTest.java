package io.pluginkit.runtime.internal.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class TaskJsonTest {

	@Test
	void argumentsAreAJsonObjectWithWholeNumbersAsLongs() throws TaskRefused {
		assertThat(TaskJson.args("{\"numbers\":[1,2.5,\"x\",null],\"b\":true}"))
			.isEqualTo(Map.of("numbers", Arrays.asList(1L, 2.5, "x", null), "b", true));
		assertThat(TaskJson.args("")).isEmpty();
	}

	@Test
	void malformedOrNonObjectArgumentsAre400WithWhatToSend() {
		for (String bad : List.of("{\"numbers\":[1,2", "[1,2,3]", "42", "{]")) {
			assertThatThrownBy(() -> TaskJson.args(bad)).as(bad).isInstanceOfSatisfying(TaskRefused.class, e -> {
				assertThat(e.status()).isEqualTo(400);
				assertThat(e.error()).isEqualTo("malformed arguments");
				assertThat(e.detail()).contains("{\"numbers\":[1,2,3]}").doesNotContain("\n");
			});
		}
	}

	@Test
	void resultsKeepTheirNullsAndWholeNumbers() {
		Map<String, Object> result = new LinkedHashMap<>();
		result.put("result", null);
		result.put("error", "division by zero");
		assertThat(TaskJson.write(result)).isEqualTo("{\"result\":null,\"error\":\"division by zero\"}");
		assertThat(TaskJson.write(Map.of("result", 6L))).isEqualTo("{\"result\":6}");
	}

	@Test
	void shellValuesAreJsonWhenTheyAreElseText() {
		assertThat(TaskJson.value("[1,2,3]")).isEqualTo(List.of(1L, 2L, 3L));
		assertThat(TaskJson.value("6")).isEqualTo(6L);
		assertThat(TaskJson.value("hello world")).isEqualTo("hello world");
		assertThat(TaskJson.value("\"quoted\"")).isEqualTo("quoted");
	}
}
