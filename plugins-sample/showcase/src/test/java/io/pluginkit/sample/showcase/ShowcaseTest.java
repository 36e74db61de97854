package io.pluginkit.sample.showcase;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

import io.pluginkit.api.template.Templates;
import io.pluginkit.api.web.Response;
import jakarta.servlet.http.HttpServletRequest;

/** The showcase's parts on their own; ShowcaseTest in bndrun and ShowcaseIT see them rendered by the runtime. */
class ShowcaseTest {

	static String resource(String path) throws IOException {
		try (InputStream in = ShowcaseTest.class.getClassLoader().getResourceAsStream(path)) {
			assertThat(in).as(path + " is in the bundle").isNotNull();
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
	}

	@Test
	void theFilterAlwaysAnswersTestFilter() {
		assertThat(new DemoFilter().apply("anything", List.of())).isEqualTo("test-filter");
		assertThat(new DemoFilter().apply(42, List.of(1, 2))).isEqualTo("test-filter");
	}

	@Test
	void theContextProcessorGivesTheTimeItWasEnabled() {
		long before = System.currentTimeMillis() / 1000;
		Map<String, ?> vars = new Timestamp().variables();
		assertThat(vars.keySet()).containsExactly("timestamp");
		assertThat((Long) vars.get("timestamp")).isBetween(before, System.currentTimeMillis() / 1000);
	}

	@Test
	void theBannerIsATemplateOfThePluginWithTheBannerElement() throws IOException {
		String name = new Banner().content();
		assertThat(name).isEqualTo("demo/banner.html");
		assertThat(resource("templates/" + name)).contains("<div id=\"showcase-banner\">",
			"emit_assets(\"showcase\", \"demo.css\")");
		assertThat(new HtmlCode().content()).contains("hello local-demo(from html code)");
	}

	@Test
	void thePageUsesTheFilterTheContextProcessorAndTheStyleSheet() throws IOException {
		String page = resource("templates/demo/demo.html");
		assertThat(page).contains("{% extends \"pluginkit/base.html\" %}", "| demo_filter2", "{{ timestamp }}",
			"emit_assets(\"showcase\", \"demo.css\")");
		assertThat(resource("static/demo.css")).contains("h5 {color:red}");
	}

	@Test
	void the404HandlerRendersItsTemplateWithStatus404() throws IOException {
		AtomicReference<String> asked = new AtomicReference<>();
		Templates templates = (template, context) -> {
			asked.set(template + " " + context);
			return "<div id=\"showcase-404\">Not Found Page</div>";
		};
		HttpServletRequest request = (HttpServletRequest) Proxy.newProxyInstance(getClass().getClassLoader(),
			new Class<?>[] { HttpServletRequest.class }, (proxy, m, args) -> m.getName().equals("getRequestURI") ? "/nope" : null);

		Response r = new NotFoundPage(templates).handle(request, 404, null);

		assertThat(r.status()).isEqualTo(404);
		assertThat(r.bodyText()).contains("showcase-404");
		assertThat(asked.get()).isEqualTo("demo/404.html {path=/nope}");
		assertThat(resource("templates/demo/404.html")).contains("id=\"showcase-404\"", "Not Found Page");
	}

	@Test
	void readmeAndLicenseFilesAreInTheBundle() throws IOException {
		assertThat(resource("readme.txt")).startsWith("showcase").contains("local_plugin_demo");
		assertThat(resource("license.txt")).startsWith("BSD 3-Clause License");
	}
}
