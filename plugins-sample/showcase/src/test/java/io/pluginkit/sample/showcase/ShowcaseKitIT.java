package io.pluginkit.sample.showcase;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import io.pluginkit.test.PluginKit;
import io.pluginkit.test.PluginKitTest;

/**
 * The showcase tested with the test kit, on the real PluginKit with this sample's jar: its templated page
 * (its own filter and context processor), its style sheet, its banner in the landing page and its 404 page,
 * all there exactly while it is enabled.
 */
@PluginKitTest
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ShowcaseKitIT {

	static final String BANNER = "<div id=\"showcase-banner\">";

	@Test
	@Order(1)
	void itsPageIsRenderedWithItsFilterContextProcessorAndStyleSheet(PluginKit pluginkit) {
		HttpResponse<String> page = pluginkit.get("/showcase");
		assertThat(page.statusCode()).isEqualTo(200);
		assertThat(page.body()).contains("<title>showcase</title>", "<span id=\"showcase-filter\">test-filter</span>",
			"hello local-demo(from html file)", "<link rel=\"stylesheet\" href=\"/static/showcase/demo.css\">")
			.containsPattern("<span id=\"showcase-timestamp\">\\d{10}</span>");

		HttpResponse<String> css = pluginkit.get("/static/showcase/demo.css");
		assertThat(css.statusCode()).isEqualTo(200);
		assertThat(css.body()).contains("h5 {color:red}");
	}

	@Test
	@Order(2)
	void theLandingPageShowsItsBannerAndHtmlCode(PluginKit pluginkit) {
		HttpResponse<String> root = pluginkit.get("/");
		assertThat(root.statusCode()).isEqualTo(200);
		assertThat(root.body()).contains(BANNER, "hello local-demo(from html code)", "data-plugin=\"showcase\"");
	}

	@Test
	@Order(3)
	void itsNotFoundPageAnswersForAnyMissingPath(PluginKit pluginkit) {
		HttpResponse<String> missing = pluginkit.get("/no/such/page");
		assertThat(missing.statusCode()).isEqualTo(404);
		assertThat(missing.body()).contains("<div id=\"showcase-404\">", "nothing lives at <code>/no/such/page</code>");
	}

	@Test
	@Order(4)
	void disabledAllOfItIsGoneAndEnabledItIsBack(PluginKit pluginkit) {
		assertThat(pluginkit.disable()).isEqualTo("plugin 'showcase' DISABLED");
		assertThat(pluginkit.get("/showcase").statusCode()).isEqualTo(404);
		assertThat(pluginkit.get("/static/showcase/demo.css").statusCode()).isEqualTo(404);
		assertThat(pluginkit.get("/no/such/page").body()).doesNotContain("showcase-404");
		assertThat(pluginkit.get("/").body()).doesNotContain(BANNER).doesNotContain("data-plugin=\"showcase\"");

		assertThat(pluginkit.enable()).isEqualTo("plugin 'showcase' ENABLED");
		assertThat(pluginkit.get("/showcase").statusCode()).isEqualTo(200);
		assertThat(pluginkit.get("/no/such/page").body()).contains("showcase-404");
		assertThat(pluginkit.get("/").body()).contains(BANNER);
	}
}
