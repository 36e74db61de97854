package io.pluginkit.api.template;

import java.util.Objects;

/**
 * HTML that templates insert as it is (not escaped again): what a {@link TemplateFilter} returns
 * when its result is markup. Only wrap text you built or escaped yourself.
 *
 * @param html the markup
 */
public record Html(String html) {

	public Html {
		Objects.requireNonNull(html, "html");
	}

	/** Text made safe to put into HTML: {@code < > & " '} escaped. */
	public static String escape(String text) {
		if (text == null) {
			return "";
		}
		StringBuilder sb = new StringBuilder(text.length() + 16);
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			switch (c) {
				case '<' -> sb.append("&lt;");
				case '>' -> sb.append("&gt;");
				case '&' -> sb.append("&amp;");
				case '"' -> sb.append("&quot;");
				case '\'' -> sb.append("&#39;");
				default -> sb.append(c);
			}
		}
		return sb.toString();
	}

	@Override
	public String toString() {
		return html;
	}
}
