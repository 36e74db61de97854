package io.pluginkit.sample.helloworld;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import io.pluginkit.test.PluginKit;
import io.pluginkit.test.PluginKitTest;

/**
 * helloworld tested as its author tests it, with the test kit: the real PluginKit with this sample's jar
 * deployed (failsafe names it with {@code -Dpluginkit.test.plugin}, see plugins-sample/pom.xml), its
 * route and its hook over HTTP, and both gone while the plugin is disabled.
 */
@PluginKitTest
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HelloworldKitIT {

	@Test
	@Order(1)
	void localhostAskingForTheRootIsSentToLimit(PluginKit pluginkit) {
		assertThat(pluginkit.state("helloworld")).isEqualTo("ENABLED");
		HttpResponse<String> root = pluginkit.get("/");
		assertThat(root.statusCode()).isEqualTo(302);
		assertThat(root.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).endsWith("/limit"));

		HttpResponse<String> limit = pluginkit.get("/limit");
		assertThat(limit.statusCode()).isEqualTo(200);
		assertThat(limit.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
		assertThat(limit.body()).isEqualTo("{\"status\":0,\"message\":\"Access Denial\"}");
	}

	@Test
	@Order(2)
	void anotherClientSeesTheLandingPageWithTheSampleListed(PluginKit pluginkit) {
		HttpResponse<String> root = pluginkit.get("/", "X-Real-Ip", "10.0.0.7");
		assertThat(root.statusCode()).isEqualTo(200);
		assertThat(root.body()).contains("Flask-PluginKit quickstart: redirects / to /limit for 127.0.0.1");
	}

	@Test
	@Order(3)
	void disabledItsRouteAndHookAreGoneAndEnabledTheyAreBack(PluginKit pluginkit) {
		assertThat(pluginkit.disable()).isEqualTo("plugin 'helloworld' DISABLED");
		assertThat(pluginkit.get("/limit").statusCode()).isEqualTo(404);
		assertThat(pluginkit.get("/").statusCode()).isEqualTo(200);

		assertThat(pluginkit.enable()).isEqualTo("plugin 'helloworld' ENABLED");
		assertThat(pluginkit.get("/limit").body()).isEqualTo("{\"status\":0,\"message\":\"Access Denial\"}");
		assertThat(pluginkit.get("/").statusCode()).isEqualTo(302);
	}
}
