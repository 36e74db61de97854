package io.pluginkit.runtime.internal.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;

import org.junit.jupiter.api.Test;

class JsonTest {

	@Test
	void aStringBecomesAQuotedLiteral() {
		assertThat(Json.string("teapot")).isEqualTo("\"teapot\"");
		assertThat(Json.string("")).isEqualTo("\"\"");
	}

	@Test
	void nullBecomesJsonNull() {
		assertThat(Json.string(null)).isEqualTo("null");
	}

	@Test
	void quotesBackslashesAndLineBreaksAreEscaped() {
		assertThat(Json.string("say \"hi\"\\n")).isEqualTo("\"say \\\"hi\\\"\\\\n\"");
		assertThat(Json.string("a\nb\r\tc")).isEqualTo("\"a\\nb\\r\\tc\"");
	}

	@Test
	void otherControlCharactersAreEscapedAsUnicode() {
		assertThat(Json.string("\u0000\u0001\u001f")).isEqualTo("\"\\u0000\\u0001\\u001f\"");
	}

	@Test
	void controlCharactersAreEscapedTheSameInAnyLocale() {
		Locale before = Locale.getDefault();
		try {
			Locale.setDefault(Locale.forLanguageTag("ar-EG"));
			assertThat(Json.string("\u0001")).isEqualTo("\"\\u0001\"");
		} finally {
			Locale.setDefault(before);
		}
	}

	@Test
	void aLiteralCannotCloseAnHtmlScriptElement() {
		assertThat(Json.string("</script><script>alert(1)</script>"))
			.doesNotContain("<")
			.isEqualTo("\"\\u003c/script>\\u003cscript>alert(1)\\u003c/script>\"");
	}

	@Test
	void nonAsciiTextIsKeptAsIs() {
		assertThat(Json.string("zoë ☕ 茶")).isEqualTo("\"zoë ☕ 茶\"");
	}
}
