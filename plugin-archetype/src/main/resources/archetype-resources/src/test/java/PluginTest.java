package ${package};

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;

import io.pluginkit.test.PluginKit;
import io.pluginkit.test.PluginKitTest;

/**
 * The plugin on the real PluginKit: {@code @PluginKitTest} starts one (HTTP on a free port, temporary
 * folders) with this project's target/classes deployed, and stops it after the class.
 */
@PluginKitTest
class PluginTest {

	@Test
	void thePageAnswersWithTheHooksHeader(PluginKit pluginkit) {
		HttpResponse<String> page = pluginkit.get("/${pluginName}");

		assertEquals(200, page.statusCode());
		assertTrue(page.body().contains("Hello from ${pluginName}"), page.body());
		assertTrue(page.headers().firstValue(TimingHook.HEADER).isPresent(), "the after hook ran");
	}

	@Test
	void theHookRedirectsOldAndItsAfterStillRuns(PluginKit pluginkit) {
		HttpResponse<String> old = pluginkit.get("/${pluginName}/old");

		assertEquals(302, old.statusCode());
		assertEquals("/${pluginName}", old.headers().firstValue("Location").orElse(""));
		assertTrue(old.headers().firstValue(TimingHook.HEADER).isPresent());
	}

	@Test
	void unknownPathsOfThePluginGetItsNotFoundPage(PluginKit pluginkit) {
		HttpResponse<String> missing = pluginkit.get("/${pluginName}/nothing");

		assertEquals(404, missing.statusCode());
		assertTrue(missing.body().contains("${pluginName}: nothing at /${pluginName}/nothing"), missing.body());
		assertEquals(404, pluginkit.get("/elsewhere").statusCode());
		assertTrue(!pluginkit.get("/elsewhere").body().contains("${pluginName}: nothing"), "other 404s are not ours");
	}

	@Test
	void theStaticFileIsServed(PluginKit pluginkit) {
		HttpResponse<String> css = pluginkit.get("/static/${pluginName}/style.css");

		assertEquals(200, css.statusCode());
		assertTrue(css.headers().firstValue("Content-Type").orElse("").startsWith("text/css"));
	}

	@Test
	void theShellShowsTheReadme(PluginKit pluginkit) {
		assertTrue(pluginkit.shell("plugin:info ${pluginName}").contains("Shown by `plugin:info ${pluginName}`"));
	}

	@Test
	void disabledThePageIsGoneAndEnabledItIsBack(PluginKit pluginkit) {
		pluginkit.disable();
		try {
			assertEquals(404, pluginkit.get("/${pluginName}").statusCode());
		} finally {
			pluginkit.enable();
		}
		assertEquals(200, pluginkit.get("/${pluginName}").statusCode());
	}
}
