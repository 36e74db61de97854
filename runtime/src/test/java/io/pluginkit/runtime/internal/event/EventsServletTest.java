package io.pluginkit.runtime.internal.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.google.gson.JsonParseException;

class EventsServletTest {

	static Object parse(String json) throws Exception {
		return EventsServlet.parse(json.getBytes(StandardCharsets.UTF_8));
	}

	@Test
	void aJsonBodyBecomesMapsListsAndNumbersThatStayWhole() throws Exception {
		assertThat(parse("{\"a\":[1,2.5,\"x\",true,null]}"))
			.isEqualTo(Map.of("a", java.util.Arrays.asList(1L, 2.5, "x", true, null)));
		assertThat(parse("\"text\"")).isEqualTo("text");
		assertThat(parse("[]")).isEqualTo(List.of());
	}

	@Test
	void malformedOrLenientJsonIsRefused() {
		for (String bad : List.of("{", "{a:1}", "{\"a\":1}x", "", "  ", "{'a':1}", "[1,]")) {
			assertThatThrownBy(() -> parse(bad)).as(bad).isInstanceOfAny(JsonParseException.class,
				IllegalStateException.class, java.io.IOException.class);
		}
	}

	@Test
	void theReasonSaysWhereTheJsonIsWrongWithoutGsonsAdvice() {
		Exception e = org.junit.jupiter.api.Assertions.assertThrows(Exception.class, () -> parse("{a"));

		assertThat(EventsServlet.oneLine(e)).isEqualTo("the body is not valid JSON at line 1 column 3");
	}
}
