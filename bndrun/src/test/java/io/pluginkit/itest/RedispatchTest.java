package io.pluginkit.itest;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleException;
import org.osgi.framework.FrameworkUtil;

import io.pluginkit.api.web.RequestHook;
import io.pluginkit.api.web.Response;
import io.pluginkit.testing.Await;
import io.pluginkit.testing.TestJars;
import jakarta.servlet.http.HttpServletRequest;

/**
 * A request that Felix HTTP routed to a servlet that went away before it ran (its plugin was
 * disabled meanwhile) is served by what is registered now, not failed. PluginKit recognizes the
 * case by Felix's exception message: these tests fail if a Felix upgrade changes it.
 */
class RedispatchTest extends InFrameworkTest {

	@Test
	void aServletThatWentAwayAfterRoutingIsServedByWhatIsRegisteredNow() {
		Bundle plugin = pluginkit.install(TestJars.servletPlugin("vanishing", "/itest/vanishing", "here"));
		pluginkit.awaitStatus("/itest/vanishing", 200);
		// between Felix's routing and the servlet: the plugin stops, as when disabled at that instant
		context.registerService(RequestHook.class, new RequestHook() {
			@Override
			public Response before(HttpServletRequest request) throws BundleException {
				if (request.getHeader("X-Disable-Now") != null) {
					plugin.stop();
				}
				return null;
			}
		}, FrameworkUtil.asDictionary(Map.of()));

		HttpResponse<String> response = pluginkit.get("/itest/vanishing", "X-Disable-Now", "yes");

		assertThat(plugin.getState()).isNotEqualTo(Bundle.ACTIVE);
		assertThat(response.statusCode()).as("the landing page's 404, not a 500").isEqualTo(404);
		assertThat(response.body()).isEqualTo("404 Not Found\n");
	}

	@Test
	void aRouteToggledUnderLoadAnswersOnly200Or404() throws Exception {
		Bundle plugin = pluginkit.install(TestJars.servletPlugin("toggling", "/itest/toggling", "on"));
		pluginkit.awaitStatus("/itest/toggling", 200);
		Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
		AtomicBoolean running = new AtomicBoolean(true);
		ExecutorService clients = Executors.newFixedThreadPool(4);
		try {
			List<Future<?>> load = new java.util.ArrayList<>();
			for (int c = 0; c < 4; c++) {
				load.add(clients.submit(() -> {
					while (running.get()) {
						int status = pluginkit.get("/itest/toggling").statusCode();
						statuses.computeIfAbsent(status, s -> new AtomicInteger()).incrementAndGet();
					}
					return null;
				}));
			}
			for (int i = 0; i < 40; i++) {
				plugin.stop();
				Await.until("some requests while off", () -> statuses.getOrDefault(404, new AtomicInteger()).get(),
					n -> n > 0);
				plugin.start();
			}
			running.set(false);
			for (Future<?> f : load) {
				f.get(Await.DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
			}
		} finally {
			running.set(false);
			clients.shutdownNow();
		}

		assertThat(statuses.keySet()).as("statuses seen: " + statuses).containsOnly(200, 404);
		assertThat(statuses.get(200).get()).isPositive();
	}
}
