package io.pluginkit.runtime.internal.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import io.pluginkit.runtime.internal.web.FakeHttp.SentResponse;

class StaticResourcesTest {

	@Test
	void pathsInsideTheStaticFolderAreServed() {
		for (String path : new String[] { "demo.css", "css/demo.css", "img/logo.min.svg", "fonts/", "a..b.txt",
			"100%.txt", ".well-known/x" }) {
			assertThat(StaticResources.isSafe(path)).as(path).isTrue();
		}
	}

	@Test
	void dotDotSegmentsAreRefused() {
		for (String path : new String[] { "..", "../secret", "css/../../secret", "css/..", "./demo.css", "css/./demo.css" }) {
			assertThat(StaticResources.isSafe(path)).as(path).isFalse();
		}
	}

	@Test
	void encodedDotDotSegmentsAreRefused() {
		for (String path : new String[] { "%2e%2e/secret", "%2E%2E/secret", "css/%2e%2e/%2e%2e/secret", ".%2e/secret",
			"%2e./secret", "css%2f..%2fsecret", "%252e%252e/secret", "..%5csecret" }) {
			assertThat(StaticResources.isSafe(path)).as(path).isFalse();
		}
	}

	@Test
	void backslashesAreRefused() {
		for (String path : new String[] { "..\\secret", "css\\demo.css", "\\secret" }) {
			assertThat(StaticResources.isSafe(path)).as(path).isFalse();
		}
	}

	@Test
	void absoluteAndEmptyPathsAreRefused() {
		for (String path : new String[] { "/etc/passwd", "", "css//demo.css", "demo.css\0.png" }) {
			assertThat(StaticResources.isSafe(path)).as(path).isFalse();
		}
	}

	@Test
	void anUnsafePathGetsA400WithoutLookingForThePlugin() throws Exception {
		// no registry: the request must be refused before any lookup
		StaticResources servlet = new StaticResources(null);

		for (String pathInfo : new String[] { "/showcase/../../etc/passwd", "/showcase//etc/passwd",
			"/showcase/%2e%2e/secret", "/showcase/css\\..\\secret" }) {
			SentResponse sent = new SentResponse();
			servlet.doGet(FakeHttp.request("GET", "/static" + pathInfo, pathInfo), sent.proxy);
			assertThat(sent.status).as(pathInfo).isEqualTo(400);
		}
	}

	@Test
	void aPathWithoutAFileGetsA404() throws Exception {
		StaticResources servlet = new StaticResources(null);

		for (String pathInfo : new String[] { null, "/", "/showcase" }) {
			SentResponse sent = new SentResponse();
			servlet.doGet(FakeHttp.request("GET", "/static" + (pathInfo == null ? "" : pathInfo), pathInfo), sent.proxy);
			assertThat(sent.status).as(String.valueOf(pathInfo)).isEqualTo(404);
		}
	}

	@Test
	void contentTypesFollowTheExtension() {
		assertThat(StaticResources.contentType("demo.css")).isEqualTo("text/css; charset=UTF-8");
		assertThat(StaticResources.contentType("app.min.js")).isEqualTo("text/javascript; charset=UTF-8");
		assertThat(StaticResources.contentType("img/LOGO.PNG")).isEqualTo("image/png");
		assertThat(StaticResources.contentType("data.json")).isEqualTo("application/json");
		assertThat(StaticResources.contentType("archive.tar.gz")).isEqualTo("application/octet-stream");
		assertThat(StaticResources.contentType("LICENSE")).isEqualTo("application/octet-stream");
	}
}
