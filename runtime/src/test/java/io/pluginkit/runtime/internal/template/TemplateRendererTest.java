package io.pluginkit.runtime.internal.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.MalformedURLException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.pluginkit.api.preprocess.ContributionProcessor;
import io.pluginkit.api.preprocess.ProcessesContributions;
import io.pluginkit.api.template.Html;
import io.pluginkit.api.template.TemplateContextProcessor;
import io.pluginkit.api.template.TemplateException;
import io.pluginkit.api.template.TemplateExtension;
import io.pluginkit.api.template.TemplateFilter;
import io.pluginkit.api.template.TemplateFilterName;
import io.pluginkit.api.template.TemplateFunction;
import io.pluginkit.api.template.TemplateFunctionName;
import io.pluginkit.api.template.TemplatePoint;
import io.pluginkit.runtime.internal.contrib.Contribution;
import io.pluginkit.runtime.internal.contrib.Preprocessors;

class TemplateRendererTest {

	static final AtomicLong IDS = new AtomicLong(100);

	@TempDir
	Path temp;

	TemplateSource runtime;
	TemplateSource alpha;
	TemplateSource beta;
	Preprocessors preprocessors;
	TemplateContributions contributions;
	TemplateRenderer renderer;

	@BeforeEach
	void setUp() throws IOException {
		runtime = folder("pluginkit", 0, Path.of("src/main/resources"));
		alpha = folder("alpha", 10, Files.createDirectories(temp.resolve("alpha")));
		beta = folder("beta", 11, Files.createDirectories(temp.resolve("beta")));
		preprocessors = new Preprocessors(id -> id == 10 ? "alpha" : id == 11 ? "beta" : "bundle " + id);
		contributions = new TemplateContributions(preprocessors);
		renderer = new TemplateRenderer(runtime, contributions, new TemplateRenderer.Plugins() {
			@Override
			public TemplateSource source(long bundleId) {
				return bundleId == 10 ? alpha : bundleId == 11 ? beta : null;
			}

			@Override
			public boolean enabled(String plugin) {
				return Set.of("alpha", "beta").contains(plugin);
			}
		}, new RenderLimits(500, 100_000));
	}

	static TemplateSource folder(String plugin, long bundleId, Path root) {
		return new TemplateSource(plugin, bundleId, 1, path -> {
			Path file = root.resolve(path);
			try {
				return Files.isRegularFile(file) ? file.toUri().toURL() : null;
			} catch (MalformedURLException e) {
				throw new IllegalStateException(e);
			}
		});
	}

	void write(String plugin, String name, String text) throws IOException {
		Path file = temp.resolve(plugin).resolve("templates").resolve(name);
		Files.createDirectories(file.getParent());
		Files.writeString(file, text);
	}

	static <T> Contribution<T> contribution(T service, long bundleId, int ranking, String key, String... values) {
		return new Contribution<>(service, IDS.incrementAndGet(), bundleId, ranking, Map.of(key, values));
	}

	@Test
	void pluginTemplateExtendsTheRuntimeLayoutAndEscapesVariables() throws IOException {
		write("alpha", "page.html", "{% extends \"pluginkit/base.html\" %}{% block title %}Alpha{% endblock %}"
			+ "{% block content %}<p>{{ who }}</p>{% endblock %}");

		String html = renderer.render(alpha, "page.html", Map.of("who", "<script>x</script>"));

		assertThat(html).contains("<title>Alpha</title>", "<p>&lt;script&gt;x&lt;/script&gt;</p>");
	}

	@Test
	void emitTepRendersContributionsInRankingThenInstallOrderAndLeavesAFailingOneOut() throws IOException {
		write("beta", "banner.html", "<div id=\"b\">{{ greeting }} {{ extra }}</div>");
		contributions.extensions.add(contribution((TemplateExtension) () -> "banner.html", 11, 0, TemplatePoint.NAME, "foot"));
		contributions.extensions.add(contribution((TemplateExtension) () -> "<i>{{ 1 + 1 }}</i>", 10, 0, TemplatePoint.NAME, "foot"));
		contributions.extensions.add(contribution((TemplateExtension) () -> "<b>first</b>", 11, 5, TemplatePoint.NAME, "foot"));
		contributions.extensions.add(contribution((TemplateExtension) () -> {
			throw new IllegalStateException("boom");
		}, 10, 0, TemplatePoint.NAME, "foot"));
		contributions.contexts.add(contribution((TemplateContextProcessor) () -> Map.of("greeting", "hi"), 11, 0, "x", "y"));
		write("alpha", "page.html", "[{{ emit_tep(\"foot\", {\"extra\": \"<e>\"}) }}]");

		String html = renderer.render(alpha, "page.html", Map.of());

		assertThat(html).startsWith("[<b>first</b><i>2</i>").contains("<div id=\"b\">hi &lt;e&gt;</div>")
			.contains("<!-- emit_tep(foot): a contribution of plugin 'alpha' failed -->").endsWith("]");
	}

	@Test
	void filtersFunctionsAndAssetsAreThereForEveryTemplate() throws IOException {
		contributions.filters.add(contribution((TemplateFilter) (in, args) -> in + "-" + args, 11, 0, TemplateFilterName.NAME, "tag"));
		contributions.filters.add(contribution((TemplateFilter) (in, args) -> new Html("<u>" + in + "</u>"), 11, 0,
			TemplateFilterName.NAME, "under"));
		contributions.functions.add(contribution((TemplateFunction) args -> "<em>" + args + "</em>", 11, 0,
			TemplateFunctionName.NAME, "shout"));
		write("alpha", "page.html", "{{ 'a' | tag(1, 2) }} {{ 'x' | under }} {{ emit_dcp('shout', 1, 'two') }} "
			+ "{{ emit_assets('beta', 'demo.css') }} {{ emit_assets('beta', 'app.js') }} {{ emit_assets('gone', 'x.css') }}");

		String html = renderer.render(alpha, "page.html", Map.of());

		assertThat(html).isEqualTo("a-[1, 2] <u>x</u> <em>[1, two]</em> <link rel=\"stylesheet\" href=\"/static/beta/demo.css\"> "
			+ "<script src=\"/static/beta/app.js\"></script> ");
	}

	@Test
	void aFilterThatThrowsFailsTheTemplateNamingPluginTemplateAndFilter() throws IOException {
		contributions.filters.add(contribution((TemplateFilter) (in, args) -> {
			throw new IllegalArgumentException("bad input");
		}, 11, 0, TemplateFilterName.NAME, "broken"));
		write("alpha", "page.html", "line one\n{{ 'x' | broken }}");

		assertThatThrownBy(() -> renderer.render(alpha, "page.html", Map.of())).isInstanceOf(TemplateException.class)
			.hasMessageContaining("plugin 'alpha', template 'page.html'").hasMessageContaining("filter 'broken'")
			.hasMessageContaining("bad input").hasMessageContaining("2");
	}

	@Test
	void syntaxErrorsMissingTemplatesAndTraversalAreClearErrors() throws IOException {
		write("alpha", "bad.html", "{% if %}");
		write("alpha", "escape.html", "{% include \"../../beta/templates/secret.html\" %}");
		write("alpha", "other.html", "{% include \"secret.html\" %}");
		write("beta", "secret.html", "beta's secret");

		assertThatThrownBy(() -> renderer.render(alpha, "bad.html", Map.of()))
			.hasMessageStartingWith("plugin 'alpha', template 'bad.html': ");
		assertThatThrownBy(() -> renderer.render(alpha, "nope.html", Map.of()))
			.hasMessageContaining("template 'nope.html' not found").hasMessageContaining("plugin 'alpha'");
		assertThatThrownBy(() -> renderer.render(alpha, "../beta/templates/secret.html", Map.of()))
			.hasMessageContaining("leaves templates/");
		assertThatThrownBy(() -> renderer.render(alpha, "escape.html", Map.of())).isInstanceOf(TemplateException.class)
			.hasMessageNotContaining("beta's secret");
		assertThatThrownBy(() -> renderer.render(alpha, "other.html", Map.of())).hasMessageContaining("not found");
		assertThat(renderer.render(beta, "secret.html", Map.of())).isEqualTo("beta's secret");
	}

	@Test
	void endlessLoopsAndRecursionFailWithinTheLimits() throws IOException {
		write("alpha", "loop.html", "{% for i in range(0, 2000000000) %}{% for j in range(0, 2000000000) %}{% endfor %}{% endfor %}");
		write("alpha", "self.html", "x{% include \"self.html\" %}");
		write("alpha", "big.html", "{% for i in range(0, 2000000000) %}{{ i }}{% endfor %}");

		long start = System.nanoTime();
		assertThatThrownBy(() -> renderer.render(alpha, "loop.html", Map.of())).hasMessageContaining("longer than 500 ms");
		assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(5_000);
		assertThatThrownBy(() -> renderer.render(alpha, "self.html", Map.of()))
			.hasMessageContaining("plugin 'alpha', template 'self.html'");
		assertThatThrownBy(() -> renderer.render(alpha, "big.html", Map.of())).hasMessageContaining("100000 characters");
		write("alpha", "fine.html", "still {{ 'fine' }}");
		assertThat(renderer.render(alpha, "fine.html", Map.of())).isEqualTo("still fine");
	}

	@Test
	void aLoopingFragmentFailsAloneAndThePageAroundItRenders() throws IOException {
		contributions.extensions.add(contribution((TemplateExtension) () -> "{% for i in range(0, 2000000000) %}{% endfor %}", 11, 0,
			TemplatePoint.NAME, "p"));
		write("alpha", "page.html", "before {{ emit_tep('p') }} after");

		assertThat(renderer.render(alpha, "page.html", Map.of())).startsWith("before <!--").endsWith("after");
	}

	@Test
	void aProcessorMayVetoOrChangeAnotherPluginsContributionAndIsUndoneWhenItGoes() throws IOException {
		contributions.extensions.add(contribution((TemplateExtension) () -> "<b>beta</b>", 11, 0, TemplatePoint.NAME, "p"));
		contributions.extensions.add(contribution((TemplateExtension) () -> "<i>alpha</i>", 10, 0, TemplatePoint.NAME, "p"));
		write("alpha", "page.html", "{{ emit_tep('p') }}");
		Contribution<ContributionProcessor> veto = new Contribution<>(proposal -> proposal.veto("no bold here"),
			IDS.incrementAndGet(), 10, 0, Map.of(ProcessesContributions.PREFIX_ + "point", new String[] { "template.extension" },
				ProcessesContributions.PREFIX_ + "plugin", new String[] { "beta" }));

		assertThat(renderer.render(alpha, "page.html", Map.of())).isEqualTo("<i>alpha</i><b>beta</b>");
		preprocessors.add(veto);
		assertThat(renderer.render(alpha, "page.html", Map.of())).isEqualTo("<i>alpha</i>");
		assertThat(preprocessors.describe(11)).anySatisfy(l -> assertThat(l).contains("vetoed", "by plugin 'alpha'", "no bold here"));
		assertThat(preprocessors.describe(10)).anySatisfy(l -> assertThat(l).contains("vetoes", "of plugin 'beta'", "no bold here"));
		assertThat(contributions.describe(11)).isEmpty();

		Contribution<ContributionProcessor> shout = new Contribution<>(proposal -> {
			TemplateExtension original = (TemplateExtension) proposal.service();
			proposal.replace((TemplateExtension) () -> original.content().toUpperCase());
		}, IDS.incrementAndGet(), 11, 0, Map.of(ProcessesContributions.PREFIX_ + "point", "template.extension"));
		preprocessors.add(shout);
		assertThat(renderer.render(alpha, "page.html", Map.of())).isEqualTo("<I>ALPHA</I>");
		assertThat(contributions.describe(10)).containsExactly("template point p: " + contributions.extensions.snapshot()[0].className()
			+ " (position 1 of 1, ranking 0)");
		assertThat(List.of(contributions.extensions.registered())).hasSize(2);
	}

	@Test
	void anUpdatedPluginGetsAFreshEngineAndADroppedOneNone() throws IOException {
		write("alpha", "v.html", "one");
		assertThat(renderer.render(alpha, "v.html", Map.of())).isEqualTo("one");
		write("alpha", "v.html", "two");
		assertThat(renderer.render(alpha, "v.html", Map.of())).isEqualTo("one"); // cached
		renderer.drop(10);
		assertThat(renderer.cached(10)).isFalse();
		assertThat(renderer.render(alpha, "v.html", Map.of())).isEqualTo("two");
		write("alpha", "v.html", "three");
		TemplateSource updated = new TemplateSource("alpha", 10, 2, alpha.entries());
		assertThat(renderer.render(updated, "v.html", Map.of())).isEqualTo("three");
	}
}
