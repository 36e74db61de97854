package io.pluginkit.api.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

class ResponseTest {

	@Test
	void aNewResponseHasItsStatusAndNothingElse() {
		Response r = new Response(204);

		assertThat(r.status()).isEqualTo(204);
		assertThat(r.headers()).isEmpty();
		assertThat(r.body()).isEmpty();
		assertThat(r.contentType()).isNull();
	}

	@Test
	void textIsPlainUtf8() {
		Response r = Response.text(418, "I am teapot ☕");

		assertThat(r.status()).isEqualTo(418);
		assertThat(r.contentType()).isEqualTo("text/plain; charset=UTF-8");
		assertThat(r.body()).isEqualTo("I am teapot ☕".getBytes(StandardCharsets.UTF_8));
		assertThat(r.bodyText()).isEqualTo("I am teapot ☕");
	}

	@Test
	void htmlIsUtf8Html() {
		Response r = Response.html(200, "<h1>café</h1>");

		assertThat(r.contentType()).isEqualTo("text/html; charset=UTF-8");
		assertThat(r.bodyText()).isEqualTo("<h1>café</h1>");
	}

	@Test
	void jsonIsSentAsGiven() {
		Response r = Response.json(200, "{\"status\":0,\"message\":\"Access Denial\"}");

		assertThat(r.contentType()).isEqualTo("application/json");
		assertThat(r.bodyText()).isEqualTo("{\"status\":0,\"message\":\"Access Denial\"}");
	}

	@Test
	void aRedirectIsA302ToTheLocationWithoutBody() {
		Response r = Response.redirect("/limit");

		assertThat(r.status()).isEqualTo(302);
		assertThat(r.header("Location")).isEqualTo("/limit");
		assertThat(r.body()).isEmpty();
	}

	@Test
	void headerNamesAreCaseInsensitive() {
		Response r = new Response(200).header("X-Request-Id", "42");

		assertThat(r.header("x-request-id")).isEqualTo("42");
		assertThat(r.headers()).containsKey("X-REQUEST-ID");
	}

	@Test
	void settingAHeaderReplacesItsValuesAndAddingKeepsThem() {
		Response r = new Response(200).addHeader("Vary", "Accept").addHeader("vary", "Origin");

		assertThat(r.headers().get("Vary")).containsExactly("Accept", "Origin");
		assertThat(r.header("Vary")).isEqualTo("Accept");

		r.header("VARY", "Cookie");
		assertThat(r.headers().get("Vary")).containsExactly("Cookie");
	}

	@Test
	void aNullHeaderValueRemovesTheHeader() {
		Response r = Response.text(200, "x").header("Content-Type", null);

		assertThat(r.contentType()).isNull();
		assertThat(r.headers()).isEmpty();
	}

	@Test
	void headersCannotBeChangedBehindTheResponsesBack() {
		Response r = new Response(200).header("A", "1");

		assertThatThrownBy(() -> r.headers().put("B", List.of("2"))).isInstanceOf(UnsupportedOperationException.class);
	}

	@Test
	void nullNamesAndValuesAreRejectedWhereTheyMeanNothing() {
		Response r = new Response(200);

		assertThatThrownBy(() -> r.header(null, "x")).isInstanceOf(NullPointerException.class).hasMessage("name");
		assertThatThrownBy(() -> r.addHeader("X", null)).isInstanceOf(NullPointerException.class).hasMessage("value");
		assertThatThrownBy(() -> r.body((byte[]) null)).isInstanceOf(NullPointerException.class).hasMessage("body");
	}

	@Test
	void aHookCanChangeEveryPartOfAResponse() {
		Response r = Response.text(200, "original")
			.status(503)
			.contentType("application/problem+json")
			.body("{\"title\":\"maintenance\"}");

		assertThat(r.status()).isEqualTo(503);
		assertThat(r.contentType()).isEqualTo("application/problem+json");
		assertThat(r.bodyText()).isEqualTo("{\"title\":\"maintenance\"}");
	}

	@Test
	void toStringShowsStatusHeadersAndBodySize() {
		assertThat(Response.text(404, "gone")).hasToString("Response[404, {Content-Type=[text/plain; charset=UTF-8]}, 4 bytes]");
	}
}
