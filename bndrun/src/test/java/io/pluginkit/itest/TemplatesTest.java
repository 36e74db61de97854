package io.pluginkit.itest;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;

import io.pluginkit.testing.TestJars;
import io.pluginkit.testing.plugins.InlineTep;
import io.pluginkit.testing.plugins.TemplatePage;
import io.pluginkit.testing.plugins.ThrowingFilter;
import io.pluginkit.testing.plugins.VetoProcessor;

/**
 * Plugins' templates in the real runtime: a plugin fills the landing page's points and renders its
 * own templates, live with its bundle; bad templates fail alone with a message naming the plugin
 * and the template; a {@code p3} processor vetoes another plugin's contribution, shown by both.
 */
class TemplatesTest extends InFrameworkTest {

	static final String IMPORTS = TestJars.SERVLET_IMPORTS + ",io.pluginkit.api.template;version=\"[1.0,2)\"";
	static final String HEADER = "<p id=\"pages-header\">{{ 'hello' | upper }}</p>";

	Bundle pages() {
		return pluginkit.install(TestJars.plugin("pages").imports(IMPORTS)
			.resource("templates/ok.html", "{% extends \"pluginkit/base.html\" %}{% block title %}Pages{% endblock %}"
				+ "{% block content %}<p id=\"ok\">{{ who }}</p>{% endblock %}")
			.resource("templates/bad.html", "line 1\n{% if %}")
			.resource("templates/filter.html", "{{ 'x' | explode }}")
			.resource("templates/loop.html", "{% for i in range(0, 2000000000) %}{% endfor %}")
			.resource("templates/self.html", "x{% include \"self.html\" %}")
			.resource("secret.txt", "not a template")
			.component(TemplatePage.class, "jakarta.servlet.Servlet",
				Map.of("templates", "io.pluginkit.api.template.Templates"), "osgi.http.whiteboard.servlet.pattern=/pages")
			.component(InlineTep.class, "io.pluginkit.api.template.TemplateExtension",
				"pluginkit.template.point=index_header", "content=" + HEADER.replace("\"", "&quot;").replace("<", "&lt;"))
			.component(ThrowingFilter.class, "io.pluginkit.api.template.TemplateFilter",
				"pluginkit.template.filter.name=explode"));
	}

	@Test
	void aPluginFillsTheLandingPageAndRendersItsOwnTemplatesLive() throws Exception {
		Bundle pages = pages();
		pluginkit.awaitPlugin("pages", "ENABLED");
		pluginkit.awaitStatus("/pages?t=ok.html", 200); // the whiteboard registers the servlet after the bundle started

		HttpResponse<String> root = pluginkit.awaitStatus("/", 200);
		assertThat(root.body()).contains("<p id=\"pages-header\">HELLO</p>", "data-plugin=\"pages\"");
		HttpResponse<String> ok = pluginkit.get("/pages?t=ok.html");
		assertThat(ok.statusCode()).isEqualTo(200);
		assertThat(ok.body()).contains("<title>Pages</title>", "<p id=\"ok\">&lt;b&gt;visitor&lt;/b&gt;</p>");
		assertThat(pluginkit.shell("plugin:info pages").out()).contains("template point index_header",
			"template filter explode");

		pages.stop();

		// its contributions go with its services, at once; the list follows the registry's snapshot
		assertThat(pluginkit.get("/").body()).doesNotContain("pages-header");
		pluginkit.awaitPlugin("pages", "DISABLED");
		assertThat(pluginkit.get("/").body()).doesNotContain("pages-header").doesNotContain("data-plugin=\"pages\"");
	}

	@Test
	void badTemplatesFailAloneWithTheirPluginAndTemplateNamed() {
		pages();
		pluginkit.awaitPlugin("pages", "ENABLED");
		pluginkit.awaitStatus("/pages?t=ok.html", 200); // the whiteboard registers the servlet after the bundle started

		expectFailure("bad.html", "plugin 'pages', template 'bad.html'", "bad.html:2");
		expectFailure("filter.html", "plugin 'pages', template 'filter.html'", "filter 'explode'", "filter exploded");
		expectFailure("missing.html", "template 'missing.html' not found");
		expectFailure("../secret.txt", "leaves templates/");
		expectFailure("loop.html", "longer than");
		expectFailure("self.html", "plugin 'pages', template 'self.html'");

		assertThat(pluginkit.get("/pages?t=ok.html").statusCode()).isEqualTo(200);
		assertThat(pluginkit.get("/").body()).contains("pages-header");
	}

	void expectFailure(String template, String... message) {
		HttpResponse<String> r = pluginkit.get("/pages?t=" + java.net.URLEncoder.encode(template, java.nio.charset.StandardCharsets.UTF_8));
		assertThat(r.statusCode()).as(template).isEqualTo(500);
		assertThat(r.body()).as(template).contains(message).doesNotContain("not a template");
	}

	@Test
	void aProcessorVetoesAnotherPluginsContributionAndBothPluginsShowIt() throws Exception {
		pages();
		pluginkit.awaitPlugin("pages", "ENABLED");
		pluginkit.awaitStatus("/pages?t=ok.html", 200); // the whiteboard registers the servlet after the bundle started
		pluginkit.awaitStatus("/", 200);
		assertThat(pluginkit.get("/").body()).contains("pages-header");

		Bundle censor = pluginkit.install(TestJars.plugin("censor")
			.imports("io.pluginkit.api.preprocess;version=\"[1.0,2)\"")
			.component(VetoProcessor.class, "io.pluginkit.api.preprocess.ContributionProcessor",
				"pluginkit.preprocess.point=template.extension", "pluginkit.preprocess.plugin=pages",
				"reason=no headers from pages"));
		pluginkit.awaitPlugin("censor", "ENABLED");

		assertThat(pluginkit.get("/").body()).doesNotContain("pages-header").contains("data-plugin=\"pages\"");
		assertThat(pluginkit.shell("plugin:info pages").out()).contains("vetoed: template.extension", "by plugin 'censor'",
			"no headers from pages");
		assertThat(pluginkit.shell("plugin:info censor").out()).contains("contribution processor",
			"vetoes: template.extension", "of plugin 'pages'", "no headers from pages");

		censor.stop();

		assertThat(pluginkit.get("/").body()).contains("pages-header");
		assertThat(pluginkit.shell("plugin:info pages").out()).doesNotContain("vetoed");
	}
}
