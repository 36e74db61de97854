package io.pluginkit.runtime.internal.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;

import io.pluginkit.api.web.RequestHook;
import io.pluginkit.api.web.Response;
import io.pluginkit.runtime.internal.registry.RecordingProblems;
import io.pluginkit.runtime.internal.web.FakeHttp.SentResponse;
import jakarta.servlet.FilterChain;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/** How the hook chain contains a failing hook: counted, logged once, reported, quarantined, or skipped when open. */
class HookChainTest {

	private static final String THROWER = Thrower.class.getName();

	private final RecordingProblems problems = new RecordingProblems();
	private final HookChain hooks = new HookChain(problems, 3);
	private final List<String> calls = new ArrayList<>();
	private long nextServiceId = 1;

	/** The handler: answers 200 "handled", or a 500 page naming the error. */
	private final HookChain.Inner inner = new HookChain.Inner() {
		@Override
		public Response handle(HttpServletRequest request, HttpServletResponse response, FilterChain chain) {
			calls.add("handler");
			return Response.text(200, "handled");
		}

		@Override
		public Response failed(HttpServletRequest request, Throwable error) {
			return Response.text(500, "failed: " + error.getMessage());
		}
	};

	/** A hook that throws in before while {@code broken}. */
	static final class Thrower implements RequestHook {
		volatile boolean broken = true;
		volatile String message = "hook exploded";

		@Override
		public Response before(HttpServletRequest request) {
			if (broken) {
				throw new IllegalStateException(message);
			}
			return null;
		}

		@Override
		public Response after(HttpServletRequest request, Response response) {
			return response.header("X-Thrower-After", "ran");
		}
	}

	private ServiceReference<RequestHook> add(RequestHook hook, long bundleId, Map<String, Object> properties) {
		Map<String, Object> all = new java.util.HashMap<>(properties);
		all.putIfAbsent(Constants.SERVICE_RANKING, 0);
		ServiceReference<RequestHook> ref = FakeHttp.reference(bundleId, nextServiceId++, all);
		hooks.addHook(hook, ref);
		return ref;
	}

	private Response request() {
		return hooks.run(FakeHttp.request("GET", "/page"), new SentResponse().proxy, (req, res) -> {
		}, inner, false);
	}

	@Test
	void aThrowingHookFailsItsRequestClosedAndIsReportedAsFailing() {
		add(new Thrower(), 7, Map.of());

		Response response = request();

		assertThat(response.status()).isEqualTo(500);
		assertThat(response.bodyText()).isEqualTo("failed: hook exploded");
		assertThat(calls).as("the handler never ran").isEmpty();
		assertThat(problems.calls).containsExactly(
			"failing 7 hook " + THROWER + ": hook " + THROWER + " threw: java.lang.IllegalStateException: hook exploded");
		assertThat(hooks.hookFailures(7)).isEqualTo(1);
	}

	@Test
	void theHooksNextSuccessReportsItRecoveredAndResetsTheCountInARow() {
		Thrower thrower = new Thrower();
		add(thrower, 7, Map.of());
		request();
		request();

		thrower.broken = false;
		assertThat(request().status()).isEqualTo(200);
		thrower.broken = true;
		request();
		request();

		assertThat(problems.calls).filteredOn(c -> c.startsWith("recovered")).containsExactly("recovered 7 hook " + THROWER);
		assertThat(problems.calls).as("2 + 2 failures in a row stay under 3").noneMatch(c -> c.startsWith("quarantine"));
		assertThat(hooks.hookFailures(7)).isEqualTo(4);
	}

	@Test
	void afterNFailuresInARowItsPluginIsQuarantinedOnce() {
		add(new Thrower(), 7, Map.of());

		for (int i = 0; i < 5; i++) {
			request();
		}

		assertThat(problems.calls).filteredOn(c -> c.startsWith("quarantine")).containsExactly("quarantine 7 quarantined: hook "
			+ THROWER + " threw 3 times in a row: java.lang.IllegalStateException: hook exploded");
	}

	@Test
	void zeroMeansNeverQuarantine() {
		HookChain patient = new HookChain(problems, 0);
		patient.addHook(new Thrower(), FakeHttp.reference(7, 1, Map.of()));

		for (int i = 0; i < 30; i++) {
			patient.run(FakeHttp.request("GET", "/page"), new SentResponse().proxy, (req, res) -> {
			}, inner, false);
		}

		assertThat(problems.calls).noneMatch(c -> c.startsWith("quarantine"));
		assertThat(patient.hookFailures(7)).isEqualTo(30);
	}

	@Test
	void anOpenHookIsSkippedOnFailureAndTheRequestGoesOn() {
		add(new Thrower(), 7, Map.of(HookChain.FAILURE, "open"));

		Response response = request();

		assertThat(response.status()).isEqualTo(200);
		assertThat(response.bodyText()).isEqualTo("handled");
		assertThat(response.header("X-Thrower-After")).as("skipped for the rest of the request").isNull();
		assertThat(hooks.hookFailures(7)).isEqualTo(1);
		assertThat(problems.calls).hasSize(1).allMatch(c -> c.startsWith("failing 7"));
		assertThat(hooks.describe(7)).containsExactly(
			"request hook " + THROWER + " (position 1 of 1, ranking 0, failure open)");
	}

	@Test
	void anOpenHookIsNeverQuarantined() {
		add(new Thrower(), 7, Map.of(HookChain.FAILURE, "open"));

		for (int i = 0; i < 10; i++) {
			assertThat(request().status()).isEqualTo(200);
		}

		assertThat(problems.calls).noneMatch(c -> c.startsWith("quarantine"));
		assertThat(hooks.hookFailures(7)).isEqualTo(10);
	}

	@Test
	void failuresArePrunedWhenTheHookGoesAwayAndItsFailingStateIsCleared() {
		ServiceReference<RequestHook> ref = add(new Thrower(), 7, Map.of());
		request();
		assertThat(hooks.hookFailures(7)).isEqualTo(1);

		hooks.removeHook(ref);

		assertThat(hooks.hookFailures(7)).isZero();
		assertThat(hooks.metrics(7)).containsExactly("hook failures: 0");
		assertThat(problems.calls).last().isEqualTo("recovered 7 hook " + THROWER);
	}

	/** A hook that takes its time in before, after and teardown (simulated work, not a wait for a condition). */
	static final class Slow implements RequestHook {
		private final long millis;

		Slow() {
			this(2);
		}

		Slow(long millis) {
			this.millis = millis;
		}

		@Override
		public Response before(HttpServletRequest request) throws Exception {
			Thread.sleep(millis);
			return null;
		}

		@Override
		public Response after(HttpServletRequest request, Response response) throws Exception {
			Thread.sleep(millis);
			return response;
		}

		@Override
		public void teardown(HttpServletRequest request, Throwable error) {
			try {
				Thread.sleep(millis);
			} catch (InterruptedException e) {
				Thread.currentThread().interrupt();
			}
		}
	}

	@Test
	void aPluginsHooksAroundAnotherPluginsHookAreEachTimedForTheirOwnPlugin() {
		add(new Slow(2), 7, Map.of());
		add(new Slow(40), 8, Map.of());
		add(new Slow(2), 7, Map.of());
		add(new Slow(2), 7, Map.of());

		request();

		// lower bounds (nine sleeps of 2 ms for plugin 7, three of 40 ms for plugin 8), and a margin far wider
		// than any stretch of the short sleeps: none of plugin 7's time lands in plugin 8's figure (7 would
		// fall under 18 ms), none of plugin 8's in plugin 7's
		assertThat(hooks.hookNanos(7)).isGreaterThanOrEqualTo(18_000_000L).isLessThan(120_000_000L);
		assertThat(hooks.hookNanos(8)).isGreaterThanOrEqualTo(120_000_000L);
	}

	@Test
	void theTimeSpentInHooksIsCountedPerPluginAndNotTheHandlersTime() {
		ServiceReference<RequestHook> slow = add(new Slow(), 7, Map.of());
		add(new RequestHook() {
		}, 8, Map.of());
		HookChain.Inner slowHandler = new HookChain.Inner() {
			@Override
			public Response handle(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
				throws InterruptedException {
				Thread.sleep(50);
				return Response.text(200, "handled");
			}

			@Override
			public Response failed(HttpServletRequest request, Throwable error) {
				return Response.text(500, "failed");
			}
		};

		hooks.run(FakeHttp.request("GET", "/page"), new SentResponse().proxy, (req, res) -> {
		}, slowHandler, false);

		// three sleeps of 2 ms at least: a lower bound, not a wall-clock assertion of speed
		assertThat(hooks.hookNanos(7)).isGreaterThanOrEqualTo(6_000_000L).isLessThan(50_000_000L);
		assertThat(hooks.hookNanos(8)).isLessThan(50_000_000L); // none of the handler's 50 ms
		hooks.removeHook(slow);
		assertThat(hooks.hookNanos(7)).isZero();
	}

	@Test
	void metricsCountEachDistinctFailure() {
		Thrower thrower = new Thrower();
		add(thrower, 7, Map.of());
		request();
		request();
		thrower.message = "other trouble";
		request();

		assertThat(hooks.metrics(7)).containsExactly("hook failures: 3",
			"hook " + THROWER + " threw java.lang.IllegalStateException: hook exploded (2 times)",
			"hook " + THROWER + " threw java.lang.IllegalStateException: other trouble (1 time)");
	}

	@Test
	void distinctFailuresBeyondTheLimitAreCountedTogether() {
		Thrower thrower = new Thrower();
		HookChain chain = new HookChain(problems, 0);
		chain.addHook(thrower, FakeHttp.reference(7, 1, Map.of()));

		for (int i = 0; i < HookFailures.DISTINCT_PER_HOOK + 5; i++) {
			thrower.message = "request " + i;
			chain.run(FakeHttp.request("GET", "/page"), new SentResponse().proxy, (req, res) -> {
			}, inner, false);
		}

		assertThat(chain.metrics(7)).hasSize(1 + HookFailures.DISTINCT_PER_HOOK + 1)
			.contains("hook " + THROWER + " " + HookFailures.OTHER + " (5 times)");
	}

	@Test
	void aHandlerThatPassedThroughSkipsAfterButNotTeardown() {
		List<String> seen = new ArrayList<>();
		add(new RequestHook() {
			@Override
			public Response after(HttpServletRequest request, Response response) {
				seen.add("after");
				return response;
			}

			@Override
			public void teardown(HttpServletRequest request, Throwable error) {
				seen.add("teardown " + error);
			}
		}, 3, Map.of());

		Response response = hooks.run(FakeHttp.request("GET", "/events"), new SentResponse().proxy, (req, res) -> {
		}, new HookChain.Inner() {
			@Override
			public Response handle(HttpServletRequest request, HttpServletResponse out, FilterChain chain) {
				return null; // streamed to the client
			}

			@Override
			public Response failed(HttpServletRequest request, Throwable error) {
				throw new AssertionError("nothing failed");
			}
		}, false);

		assertThat(response).isNull();
		assertThat(seen).containsExactly("teardown null");
	}

	@Test
	void theQuarantineThresholdComesFromItsPropertyAndABadValueIsTheDefault() {
		assertThat(HookFailures.quarantineAfter(null)).isEqualTo(20);
		assertThat(HookFailures.quarantineAfter(" 5 ")).isEqualTo(5);
		assertThat(HookFailures.quarantineAfter("0")).isZero();
		assertThat(HookFailures.quarantineAfter("-1")).isEqualTo(20);
		assertThat(HookFailures.quarantineAfter("many")).isEqualTo(20);
	}
}
