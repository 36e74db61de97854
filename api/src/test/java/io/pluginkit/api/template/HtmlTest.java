package io.pluginkit.api.template;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HtmlTest {

	@Test
	void markupCharactersAreEscaped() {
		assertThat(Html.escape("<script>alert('x') & \"y\"</script>"))
			.isEqualTo("&lt;script&gt;alert(&#39;x&#39;) &amp; &quot;y&quot;&lt;/script&gt;");
	}

	@Test
	void escapedTextIsSafeInsideAQuotedAttribute() {
		String attribute = "<a title=\"" + Html.escape("\" onmouseover=\"alert(1)") + "\">";

		assertThat(attribute).isEqualTo("<a title=\"&quot; onmouseover=&quot;alert(1)\">");
	}

	@Test
	void anAmpersandIsEscapedOnlyOnce() {
		assertThat(Html.escape("&amp;")).isEqualTo("&amp;amp;");
	}

	@Test
	void plainTextIsUnchanged() {
		assertThat(Html.escape("Teapot 1.0 — zoë")).isEqualTo("Teapot 1.0 — zoë");
	}

	@Test
	void nullBecomesEmpty() {
		assertThat(Html.escape(null)).isEmpty();
	}
}
