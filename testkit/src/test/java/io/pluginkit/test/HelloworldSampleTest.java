package io.pluginkit.test;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The helloworld sample tested as its author would test it with the kit: the real PluginKit, the
 * sample's jar deployed (pom.xml names it with {@code -Dpluginkit.test.plugin}), HTTP, shell, toggles.
 */
@PluginKitTest
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HelloworldSampleTest {

	@Test
	@Order(1)
	void theKitNamesThePluginUnderTestAndItsBaseUrl(PluginKit pluginkit) {
		assertThat(pluginkit.plugin()).isEqualTo("helloworld");
		assertThat(pluginkit.uri().toString()).matches("http://127\\.0\\.0\\.1:\\d+/");
		assertThat(pluginkit.state("helloworld")).isEqualTo("ENABLED");
	}

	@Test
	@Order(2)
	void localhostAskingForTheRootIsSentToLimit(PluginKit pluginkit) {
		HttpResponse<String> root = pluginkit.get("/");
		assertThat(root.statusCode()).isEqualTo(302);
		assertThat(root.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).endsWith("/limit"));

		HttpResponse<String> limit = pluginkit.get("/limit");
		assertThat(limit.statusCode()).isEqualTo(200);
		assertThat(limit.body()).isEqualTo("{\"status\":0,\"message\":\"Access Denial\"}");
	}

	@Test
	@Order(3)
	void anotherClientSeesTheLandingPage(PluginKit pluginkit) {
		assertThat(pluginkit.get("/", "X-Real-Ip", "10.0.0.7").statusCode()).isEqualTo(200);
	}

	@Test
	@Order(4)
	void theShellAnswersCommands(PluginKit pluginkit) {
		assertThat(pluginkit.shell("plugin:info helloworld")).contains("helloworld").contains("PluginKit");
		assertThat(pluginkit.shell("plugin:info nosuch")).contains("'nosuch' not found");
	}

	@Test
	@Order(5)
	void disabledTheRoutesAreGoneAndEnabledTheyAreBack(PluginKit pluginkit) {
		assertThat(pluginkit.disable()).isEqualTo("plugin 'helloworld' DISABLED");
		assertThat(pluginkit.get("/limit").statusCode()).isEqualTo(404);
		assertThat(pluginkit.get("/").statusCode()).isEqualTo(200);

		assertThat(pluginkit.enable()).isEqualTo("plugin 'helloworld' ENABLED");
		assertThat(pluginkit.get("/limit").statusCode()).isEqualTo(200);
		assertThat(pluginkit.get("/").statusCode()).isEqualTo(302);
	}

	@Test
	@Order(6)
	void aToggleTheShellRefusesFailsTheTestWithTheReply(PluginKit pluginkit) {
		AssertionError refused = org.junit.jupiter.api.Assertions.assertThrows(AssertionError.class,
			() -> pluginkit.disable("nosuch"));
		assertThat(refused).hasMessageContaining("'nosuch' not found");
	}
}
