package io.pluginkit.runtime.internal.event;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TopicsTest {

	@Test
	void topicsAreSlashSeparatedSegments() {
		assertThat(Topics.valid("pluginkit/sending")).isTrue();
		assertThat(Topics.valid("acme.orders/v-1_x")).isTrue();
		assertThat(Topics.valid("a//b")).isFalse();
		assertThat(Topics.valid("/a")).isFalse();
		assertThat(Topics.valid("a/")).isFalse();
		assertThat(Topics.valid("a b")).isFalse();
		assertThat(Topics.valid("a/*")).isFalse();
		assertThat(Topics.valid("")).isFalse();
		assertThat(Topics.problem("a//b")).isEqualTo(
			"'a//b' is not a topic: use segments of letters, digits, '_', '-' and '.' separated by '/', e.g. acme/orders");
	}

	@Test
	void patternsAreATopicAPrefixWithSlashStarOrStar() {
		assertThat(Topics.patternProblem("pluginkit/*")).isNull();
		assertThat(Topics.patternProblem("*")).isNull();
		assertThat(Topics.patternProblem("a/b")).isNull();
		assertThat(Topics.patternProblem("a/*/b")).startsWith("'a/*/b' is not a topic pattern");
		assertThat(Topics.patternProblem("a*")).startsWith("'a*' is not a topic pattern");
		assertThat(Topics.patternProblem("")).isEqualTo("an empty topic pattern");
	}

	@Test
	void wildcardsMatchEverythingBelowTheirPrefix() {
		assertThat(Topics.matches("pluginkit/*", "pluginkit/lifecycle")).isTrue();
		assertThat(Topics.matches("pluginkit/*", "pluginkit/a/b")).isTrue();
		assertThat(Topics.matches("pluginkit/*", "pluginkit")).isFalse();
		assertThat(Topics.matches("pluginkit/*", "pluginkitx/a")).isFalse();
		assertThat(Topics.matches("*", "x")).isTrue();
		assertThat(Topics.matches("a/b", "a/b")).isTrue();
		assertThat(Topics.matches("a/b", "a/bc")).isFalse();
	}
}
