package io.pluginkit.itest;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

import org.junit.jupiter.api.Test;
import org.osgi.framework.FrameworkUtil;

import io.pluginkit.api.web.RequestHook;
import io.pluginkit.api.web.Response;
import io.pluginkit.itest.PluginKit.PluginRow;
import io.pluginkit.testing.Await;
import io.pluginkit.testing.TestJars;
import io.pluginkit.testing.plugins.ThrowingHook;
import jakarta.servlet.http.HttpServletRequest;

/**
 * One throwing hook does not take the site down: its requests fail closed, the platform routes
 * never meet it, its plugin is named as failing, and after 20 failures in a row it is quarantined
 * until an admin enables it; an {@code open} hook is skipped instead.
 */
class HookContainmentTest extends InFrameworkTest {

	static final String HOOK = ThrowingHook.class.getName();

	private void installOtherPlugin() {
		pluginkit.install(TestJars.servletPlugin("bystander", "/itest/bystander", "still serving"));
		pluginkit.awaitStatus("/itest/bystander", 200);
	}

	/** A plugin whose hook throws on every path. */
	private void installBrokenHook(String name, String... properties) {
		String[] all = new String[properties.length + 1];
		all[0] = "prefix=/";
		System.arraycopy(properties, 0, all, 1, properties.length);
		pluginkit.install(TestJars.plugin(name).imports(RequestHookTest.HOOK_IMPORTS)
			.component(ThrowingHook.class, RequestHook.class.getName(), all));
		pluginkit.awaitPlugin(name, "ENABLED");
	}

	@Test
	void aThrowingHookFailsEveryRouteButHealthAndItsPluginIsNamedAsFailing() {
		installOtherPlugin();
		installBrokenHook("everywhere");

		HttpResponse<String> failed = pluginkit.awaitStatus("/itest/bystander", 500);

		assertThat(failed.body()).isEqualTo("500 Internal Server Error\n");
		HttpResponse<String> health = pluginkit.get("/health");
		assertThat(health.statusCode()).isEqualTo(200);
		assertThat(health.body()).contains("\"enabled\":");
		PluginRow row = pluginkit.plugin("everywhere");
		assertThat(row.state()).isEqualTo("ENABLED");
		assertThat(row.reason()).isEqualTo("hook " + HOOK + " threw: java.lang.IllegalStateException: hook exploded");
		assertThat(pluginkit.shell("plugin:info everywhere").out())
			.contains("request hook " + HOOK + " (position ")
			.contains("hook " + HOOK + " threw java.lang.IllegalStateException: hook exploded (");
	}

	@Test
	void noPluginHookRunsOnThePlatformRoutes() {
		BlockingQueue<String> seen = new LinkedBlockingQueue<>();
		context.registerService(RequestHook.class, new RequestHook() {
			@Override
			public Response before(HttpServletRequest request) {
				seen.add(request.getRequestURI());
				return null;
			}
		}, FrameworkUtil.asDictionary(Map.of()));

		assertThat(pluginkit.get("/health").statusCode()).isEqualTo(200);
		assertThat(pluginkit.get("/").statusCode()).isEqualTo(200);

		assertThat(seen).containsExactly("/");
	}

	@Test
	void afterTwentyFailuresInARowThePluginIsQuarantinedAndTheSiteServesAgainUntilEnabled() {
		installOtherPlugin();
		installBrokenHook("reckless");
		pluginkit.awaitStatus("/itest/bystander", 500);

		PluginRow quarantined = Await.until("the hook's plugin is quarantined", () -> {
			pluginkit.get("/itest/bystander");
			return pluginkit.plugin("reckless");
		}, row -> row.state().equals("FAILED"));

		assertThat(quarantined.reason())
			.isEqualTo("quarantined: hook " + HOOK + " threw 20 times in a row: java.lang.IllegalStateException: hook exploded");
		HttpResponse<String> served = pluginkit.awaitStatus("/itest/bystander", 200);
		assertThat(served.body()).isEqualTo("still serving");
		assertThat(pluginkit.plugin("reckless").state()).as("it stays off").isEqualTo("FAILED");

		assertThat(pluginkit.shell("plugin:enable reckless").out()).contains("plugin 'reckless' ENABLED");

		assertThat(pluginkit.awaitStatus("/itest/bystander", 500).statusCode()).isEqualTo(500);
		// the failure is counted on the request, and shown with the registry's next snapshot
		assertThat(Await.until("the failing hook is named again", () -> pluginkit.plugin("reckless").reason(),
			reason -> !reason.isEmpty())).startsWith("hook " + HOOK + " threw");
	}

	@Test
	void anOpenHookThatThrowsDoesNotFailRequests() {
		installOtherPlugin();
		installBrokenHook("analytics", "pluginkit.hook.failure=open");

		PluginRow failing = Await.until("the open hook has failed", () -> {
			pluginkit.get("/itest/bystander");
			return pluginkit.plugin("analytics");
		}, row -> !row.reason().isEmpty());

		assertThat(failing.state()).isEqualTo("ENABLED");
		for (int i = 0; i < 25; i++) {
			HttpResponse<String> response = pluginkit.get("/itest/bystander");
			assertThat(response.statusCode()).isEqualTo(200);
			assertThat(response.body()).isEqualTo("still serving");
		}
		assertThat(pluginkit.plugin("analytics").state()).as("an open hook is never quarantined").isEqualTo("ENABLED");
		assertThat(pluginkit.shell("plugin:info analytics").out()).contains("failure open").containsPattern(
			"hook failures: [1-9]");
	}
}
