package io.pluginkit.bench.templates;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import freemarker.template.Configuration;
import freemarker.template.Template;
import freemarker.template.TemplateException;
import io.pebbletemplates.pebble.PebbleEngine;
import io.pebbletemplates.pebble.loader.StringLoader;
import io.pebbletemplates.pebble.template.PebbleTemplate;

/**
 * The landing page PluginKit renders, in each engine with HTML escaping on: a layout, a list of 10
 * plugins (name, version, description with characters to escape) and 10 fragments, each a small
 * template of its own rendered and inserted (what {@code emit_tep} does). Throughput of whole pages.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class LandingPageRender {

	static final String PEBBLE_PAGE = "<!DOCTYPE html><html><head><title>{{ title }}</title></head><body><h1>{{ title }}</h1>"
		+ "<ul>{% for p in plugins %}<li data-plugin=\"{{ p.name }}\"><strong>{{ p.name }}</strong> {{ p.version }}"
		+ "{% if p.description %} &mdash; {{ p.description }}{% endif %}</li>{% endfor %}</ul>{{ footer | raw }}</body></html>";
	static final String PEBBLE_FRAGMENT = "<p class=\"tep\">fragment {{ n }} of {{ title }}</p>";

	static final String FTL_PAGE = "<!DOCTYPE html><html><head><title>${title}</title></head><body><h1>${title}</h1>"
		+ "<ul><#list plugins as p><li data-plugin=\"${p.name}\"><strong>${p.name}</strong> ${p.version}"
		+ "<#if p.description?has_content> &mdash; ${p.description}</#if></li></#list></ul>${footer?no_esc}</body></html>";
	static final String FTL_FRAGMENT = "<p class=\"tep\">fragment ${n} of ${title}</p>";

	List<Map<String, Object>> plugins;
	PebbleTemplate pebblePage;
	PebbleTemplate pebbleFragment;
	Template ftlPage;
	Template ftlFragment;

	@Setup
	public void setUp() throws IOException {
		plugins = new ArrayList<>();
		for (int i = 0; i < 10; i++) {
			plugins.add(Map.of("name", "plugin-" + i, "version", "1.0." + i, "description",
				"Plugin number " + i + " <with> \"quotes\" & ampersands"));
		}
		PebbleEngine pebble = new PebbleEngine.Builder().loader(new StringLoader()).autoEscaping(true).build();
		pebblePage = pebble.getTemplate(PEBBLE_PAGE);
		pebbleFragment = pebble.getTemplate(PEBBLE_FRAGMENT);

		Configuration ftl = new Configuration(Configuration.VERSION_2_3_34);
		ftl.setOutputFormat(freemarker.core.HTMLOutputFormat.INSTANCE); // autoescaping on
		ftl.setDefaultEncoding("UTF-8");
		ftlPage = new Template("page", new StringReader(FTL_PAGE), ftl);
		ftlFragment = new Template("fragment", new StringReader(FTL_FRAGMENT), ftl);
	}

	@Benchmark
	public String pebble() throws IOException {
		StringBuilder footer = new StringBuilder();
		for (int n = 0; n < 10; n++) {
			StringWriter w = new StringWriter();
			pebbleFragment.evaluate(w, Map.of("n", n, "title", "PluginKit"));
			footer.append(w);
		}
		StringWriter out = new StringWriter(4096);
		pebblePage.evaluate(out, Map.of("title", "PluginKit", "plugins", plugins, "footer", footer.toString()));
		return out.toString();
	}

	@Benchmark
	public String freemarker() throws IOException, TemplateException {
		StringBuilder footer = new StringBuilder();
		for (int n = 0; n < 10; n++) {
			StringWriter w = new StringWriter();
			ftlFragment.process(Map.of("n", n, "title", "PluginKit"), w);
			footer.append(w);
		}
		StringWriter out = new StringWriter(4096);
		ftlPage.process(Map.of("title", "PluginKit", "plugins", plugins, "footer", footer.toString()), out);
		return out.toString();
	}
}
