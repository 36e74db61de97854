package io.pluginkit.runtime.internal.event;

import java.util.regex.Pattern;

/**
 * What a topic and a topic pattern look like, and whether one matches the other. Pure.
 * A topic is segments of {@code [A-Za-z0-9_.-]} separated by {@code /}; a pattern is a topic,
 * a topic followed by {@code /*}, or {@code *}.
 */
final class Topics {

	private static final Pattern TOPIC = Pattern.compile("[A-Za-z0-9_.\\-]+(/[A-Za-z0-9_.\\-]+)*");

	private Topics() {
	}

	/** Whether {@code topic} is a valid topic to publish on. */
	static boolean valid(String topic) {
		return topic != null && topic.length() <= 255 && TOPIC.matcher(topic).matches();
	}

	/** Why {@code topic} is not valid, or {@code null} when it is. */
	static String problem(String topic) {
		if (valid(topic)) {
			return null;
		}
		return "'" + topic + "' is not a topic: use segments of letters, digits, '_', '-' and '.' separated by '/', "
			+ "e.g. acme/orders";
	}

	/** Why {@code pattern} is not a valid subscription, or {@code null} when it is. */
	static String patternProblem(String pattern) {
		if (pattern == null || pattern.isEmpty()) {
			return "an empty topic pattern";
		}
		if (pattern.equals("*")) {
			return null;
		}
		String topic = pattern.endsWith("/*") ? pattern.substring(0, pattern.length() - 2) : pattern;
		if (valid(topic)) {
			return null;
		}
		return "'" + pattern + "' is not a topic pattern: use a topic (acme/orders), a prefix and '/*' (acme/*) or '*'";
	}

	/** Whether {@code pattern} (valid) matches {@code topic}. */
	static boolean matches(String pattern, String topic) {
		if (pattern.equals("*")) {
			return true;
		}
		if (pattern.endsWith("/*")) {
			int prefix = pattern.length() - 1;
			return topic.length() > prefix && topic.regionMatches(0, pattern, 0, prefix);
		}
		return pattern.equals(topic);
	}
}
