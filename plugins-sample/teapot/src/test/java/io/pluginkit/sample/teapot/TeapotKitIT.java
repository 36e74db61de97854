package io.pluginkit.sample.teapot;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import io.pluginkit.test.PluginKit;
import io.pluginkit.test.PluginKitTest;

/**
 * The teapot tested with the test kit, on the real PluginKit with this sample's jar: its route, its heater
 * warming the water in the background (a degree a second), and both stopped by a disable; enabled again, a
 * new heater starts from cold.
 */
@PluginKitTest
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TeapotKitIT {

	static final String FIRST_DEGREE = "I boil water, temperature: 1";

	@Test
	@Order(1)
	void itIsATeapot(PluginKit pluginkit) {
		HttpResponse<String> teapot = pluginkit.get("/teapot");
		assertThat(teapot.statusCode()).isEqualTo(418);
		assertThat(teapot.body()).isEqualTo("I am teapot");
	}

	@Test
	@Order(2)
	void theHeaterWarmsTheWaterInTheBackground(PluginKit pluginkit) {
		HttpResponse<String> warm = pluginkit.await("the water is warmer than 0", () -> pluginkit.get("/teapot/temperature"),
			r -> r.statusCode() == 200 && !r.body().equals("{\"temperature\":0}"));
		assertThat(warm.body()).matches("\\{\"temperature\":\\d+\\}");
		assertThat(warm.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
		assertThat(pluginkit.log()).anyMatch(l -> l.endsWith(FIRST_DEGREE));
	}

	@Test
	@Order(3)
	void disabledItsRoutesAreGoneAndEnabledANewHeaterStartsFromCold(PluginKit pluginkit) {
		assertThat(pluginkit.disable()).isEqualTo("plugin 'teapot' DISABLED");
		assertThat(pluginkit.get("/teapot").statusCode()).isEqualTo(404);
		assertThat(pluginkit.get("/teapot/temperature").statusCode()).isEqualTo(404);

		assertThat(pluginkit.enable()).isEqualTo("plugin 'teapot' ENABLED");
		assertThat(pluginkit.get("/teapot").statusCode()).isEqualTo(418);
		// the new heater counts from 0 again: its first degree is logged a second time
		pluginkit.await("the first degree logged twice", () -> firstDegrees(pluginkit), n -> n == 2);
	}

	private static long firstDegrees(PluginKit pluginkit) {
		return pluginkit.log().stream().filter(l -> l.endsWith(FIRST_DEGREE)).count();
	}
}
