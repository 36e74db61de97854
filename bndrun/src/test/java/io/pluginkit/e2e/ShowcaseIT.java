package io.pluginkit.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import io.pluginkit.testing.Await;

/**
 * The showcase sample as a user meets it in the launched jar: its banner in the landing page, its
 * templated page with its own filter and context processor, its style sheet, its 404 page,
 * {@code plugin:info}, and all of it coming and going live while {@code /} is being requested.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ShowcaseIT {

	static final String BANNER = "<div id=\"showcase-banner\">";

	PluginKitProcess pluginkit;

	@BeforeAll
	void launch(@TempDir Path temp) throws IOException {
		Path plugins = Files.createDirectories(temp.resolve("plugins"));
		Files.copy(PluginKitProcess.samples().resolve("showcase.jar"), plugins.resolve("showcase.jar"));
		// a description with a comma, as its author wrote it (bnd would make "a, b" "a,b" of an unquoted header)
		Files.copy(PluginKitProcess.samples().resolve("tasks.jar"), plugins.resolve("tasks.jar"));
		pluginkit = new PluginKitProcess(temp.resolve("data"), plugins).start();
	}

	@AfterAll
	void stop() {
		pluginkit.close();
	}

	@Test
	@Order(1)
	void theLandingPageShowsTheBannerAndListsShowcaseWithItsMetadata() {
		HttpResponse<String> root = pluginkit.get("/");
		assertThat(root.statusCode()).isEqualTo(200);
		assertThat(root.body()).contains(BANNER, "hello local-demo(from html code)", "data-plugin=\"showcase\"",
			"Mr.tao &lt;staugur@saintic.com&gt;", "https://github.com/staugur/Flask-PluginKit",
			"<link rel=\"stylesheet\" href=\"/static/showcase/demo.css\">");
		assertThat(root.body().indexOf(BANNER)).isGreaterThan(root.body().indexOf("</ul>"));
		assertThat(root.body()).contains("QTasks tasks: sum and divide, ending with PluginTriggerError on bad input");
	}

	@Test
	@Order(2)
	void itsPageUsesItsFilterContextProcessorAndStyleSheet() {
		HttpResponse<String> page = pluginkit.get("/showcase");
		assertThat(page.statusCode()).isEqualTo(200);
		assertThat(page.body()).contains("<title>showcase</title>", "<span id=\"showcase-filter\">test-filter</span>",
			"hello local-demo(from html file)").containsPattern("<span id=\"showcase-timestamp\">\\d{10}</span>");
		HttpResponse<String> css = pluginkit.get("/static/showcase/demo.css");
		assertThat(css.statusCode()).isEqualTo(200);
		assertThat(css.body()).contains("h5 {color:red}");
	}

	@Test
	@Order(3)
	void itsNotFoundPageReplacesTheDefaultOneOnlyWhileEnabled() {
		HttpResponse<String> missing = pluginkit.get("/no/such/page");
		assertThat(missing.statusCode()).isEqualTo(404);
		assertThat(missing.body()).contains("showcase-404", "Not Found Page", "/no/such/page");

		pluginkit.shell("plugin:disable showcase");
		HttpResponse<String> plain = pluginkit.get("/no/such/page");
		assertThat(plain.statusCode()).isEqualTo(404);
		assertThat(plain.body()).doesNotContain("showcase-404");
		assertThat(pluginkit.get("/showcase").statusCode()).isEqualTo(404);
		assertThat(pluginkit.get("/").body()).doesNotContain(BANNER).doesNotContain("data-plugin=\"showcase\"");

		pluginkit.shell("plugin:enable showcase");
		assertThat(pluginkit.get("/no/such/page").body()).contains("showcase-404");
	}

	@Test
	@Order(4)
	void pluginInfoShowsItsContributionsPerPointAndItsReadme() {
		String info = String.join("\n", pluginkit.shell("plugin:info showcase"));
		assertThat(info).contains("template point index_footer: io.pluginkit.sample.showcase.Banner",
			"template point index_content: io.pluginkit.sample.showcase.HtmlCode",
			"template filter demo_filter2: io.pluginkit.sample.showcase.DemoFilter",
			"template context processor io.pluginkit.sample.showcase.Timestamp",
			"static file /static/showcase/demo.css", "error handler io.pluginkit.sample.showcase.NotFoundPage for 404",
			"servlet /showcase", "Readme (readme.txt)", "local_plugin_demo", "BSD-3-Clause");
	}

	/** One answer of {@code /} and whether showcase was surely on or surely off for all of it. */
	record Seen(int status, boolean banner, String state) {
	}

	@Test
	@Order(5)
	void toggledFiftyTimesUnderRequestsTheBannerIsThereExactlyWhenEnabledAndNothingFails() throws Exception {
		// "on" / "off" while the plugin is surely in that state for a whole request; "" while a command runs
		String[] state = { "on" };
		AtomicBoolean running = new AtomicBoolean(true);
		List<Seen> seen = new ArrayList<>();
		Thread requests = new Thread(() -> {
			while (running.get()) {
				String before;
				synchronized (state) {
					before = state[0];
				}
				HttpResponse<String> r = pluginkit.get("/");
				String after;
				synchronized (state) {
					after = state[0];
				}
				synchronized (seen) {
					seen.add(new Seen(r.statusCode(), r.body().contains(BANNER), before.equals(after) ? before : ""));
				}
			}
		}, "landing-page-requests");
		requests.start();
		try {
			for (int i = 0; i < 50; i++) {
				toggle(state, seen, "plugin:disable showcase", "off");
				toggle(state, seen, "plugin:enable showcase", "on");
			}
		} finally {
			running.set(false);
			requests.join(30_000);
		}

		assertThat(seen).hasSizeGreaterThan(100);
		assertThat(seen).allSatisfy(s -> assertThat(s.status()).isEqualTo(200));
		assertThat(seen).filteredOn(s -> s.state().startsWith("on")).isNotEmpty().allSatisfy(s -> assertThat(s.banner()).isTrue());
		assertThat(seen).filteredOn(s -> s.state().startsWith("off")).isNotEmpty().allSatisfy(s -> assertThat(s.banner()).isFalse());
	}

	private void toggle(String[] state, List<Seen> seen, String command, String then) {
		synchronized (state) {
			state[0] = "";
		}
		List<String> out = pluginkit.shell(command);
		assertThat(out).noneMatch(l -> l.contains("Exception"));
		synchronized (state) {
			state[0] = then + System.nanoTime(); // a new value per command: a request across two commands counts for neither
		}
		// let two requests run wholly in this state
		int from;
		synchronized (seen) {
			from = seen.size();
		}
		Await.until("two answers of / after " + command, () -> {
			synchronized (seen) {
				return seen.size();
			}
		}, n -> n >= from + 3);
	}
}
