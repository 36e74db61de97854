package io.pluginkit.itest;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import io.pluginkit.testing.TestJars;

/** What each HTTP method gets where nothing, a page or a platform route lives. */
class HttpMethodsTest extends InFrameworkTest {

	@Test
	void anyMethodOnAPathWhereNothingLivesIs404() {
		assertThat(pluginkit.send("POST", "/nothing/here").statusCode()).isEqualTo(404);
		assertThat(pluginkit.send("PUT", "/nothing/here").statusCode()).isEqualTo(404);
		assertThat(pluginkit.send("DELETE", "/nothing/here").statusCode()).isEqualTo(404);
		assertThat(pluginkit.get("/nothing/here").statusCode()).isEqualTo(404);
	}

	@Test
	void aMethodThePageDoesNotHandleIs405() {
		assertThat(pluginkit.send("POST", "/").statusCode()).isEqualTo(405);
	}

	@Test
	void traceIsRefusedEverywhere() {
		pluginkit.install(TestJars.servletPlugin("traced", "/itest/traced", "traced"));
		pluginkit.awaitStatus("/itest/traced", 200);

		for (String path : new String[] { "/", "/itest/traced", "/health", "/nothing/here", "/admin/", "/admin/api/plugins", "/api/tasks" }) {
			assertThat(pluginkit.send("TRACE", path).statusCode()).as("TRACE " + path).isEqualTo(405);
		}
	}
}
