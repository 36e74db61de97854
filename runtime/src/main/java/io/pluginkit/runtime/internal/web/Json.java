package io.pluginkit.runtime.internal.web;

/** Just enough JSON writing for the runtime's own endpoints. */
public final class Json {

	private Json() {
	}

	/** A JSON string literal, quotes included; {@code null} gives {@code null}. */
	public static String string(String value) {
		if (value == null) {
			return "null";
		}
		StringBuilder sb = new StringBuilder(value.length() + 2).append('"');
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			switch (c) {
				case '"' -> sb.append("\\\"");
				case '\\' -> sb.append("\\\\");
				case '\n' -> sb.append("\\n");
				case '\r' -> sb.append("\\r");
				case '\t' -> sb.append("\\t");
				case '<' -> sb.append("\\u003c"); // safe to embed in HTML
				default -> {
					if (c < 0x20) {
						sb.append(String.format("\\u%04x", (int) c));
					} else {
						sb.append(c);
					}
				}
			}
		}
		return sb.append('"').toString();
	}
}
