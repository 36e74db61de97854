package io.pluginkit.runtime.internal.trigger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.pluginkit.api.trigger.AsyncTriggerHandler;
import io.pluginkit.api.trigger.PluginTriggerError;
import io.pluginkit.api.trigger.TriggerHandler;
import io.pluginkit.runtime.internal.registry.RecordingProblems;

class TriggerChainTest {

	final RecordingProblems problems = new RecordingProblems();
	final TriggerChain chain = new TriggerChain(problems, 300);
	final List<String> ran = new CopyOnWriteArrayList<>();

	TriggerHandler recording(String label, Map<String, Object> replacements) {
		return (name, values) -> {
			ran.add(label + " saw " + new java.util.TreeMap<>(values));
			return replacements;
		};
	}

	@Test
	void namedHandlersRunFirstThenGlobalOnesEachInRankingThenInstallOrder() {
		chain.add(recording("global-bundle5", null), new Ref(5, 0));
		chain.add(recording("named-bundle7", null), new Ref(7, 0, TriggerHandler.TRIGGER, "t"));
		chain.add(recording("global-ranked", null), new Ref(9, 10));
		chain.add(recording("named-bundle3", null), new Ref(3, 0, "pluginkit.plugin.trigger", new String[] { "t", "u" }));
		chain.add(recording("named-other", null), new Ref(2, 0, TriggerHandler.TRIGGER, "other"));

		chain.fire("t", Map.of(), null);

		assertThat(ran).containsExactly("named-bundle3 saw {}", "named-bundle7 saw {}", "global-ranked saw {}",
			"global-bundle5 saw {}");
		ran.clear();
		chain.fire("nothing-named", Map.of(), null);
		assertThat(ran).containsExactly("global-ranked saw {}", "global-bundle5 saw {}");
	}

	@Test
	void replacementsAreSeenByTheNextHandlerAndTheCallerAndTheLastWins() {
		chain.add(recording("first", Map.of("new_args", List.of(1), "ignored", "x")), new Ref(1, 0, TriggerHandler.TRIGGER, "t"));
		chain.add(recording("second", null), new Ref(2, 0, TriggerHandler.TRIGGER, "t"));
		chain.add(recording("third", Map.of("new_args", List.of(2), "new_result", 6)), new Ref(3, 0));

		Map<String, Object> result = chain.fire("t", Map.of("args", List.of(0), "task", "sum"), null);

		assertThat(ran).containsExactly("first saw {args=[0], task=sum}", "second saw {args=[1], task=sum}",
			"third saw {args=[1], task=sum}");
		assertThat(result).containsOnly(Map.entry("args", List.of(2)), Map.entry("task", "sum"), Map.entry("result", 6));
		assertThatThrownBy(() -> result.put("x", 1)).isInstanceOf(UnsupportedOperationException.class);
	}

	@Test
	void valuesNobodyReplacedComeBackAsTheyWere() {
		chain.add(recording("a", null), new Ref(1, 0));
		chain.add(recording("b", Map.of()), new Ref(2, 0));
		Map<String, Object> values = Map.of("k", "v");

		assertThat(chain.fire("t", values, null)).isSameAs(values);
	}

	@Test
	void aPluginTriggerErrorEndsTheChainAndReachesTheCaller() {
		chain.add((TriggerHandler) (name, values) -> {
			throw new PluginTriggerError("no way", Map.of("result", 0));
		}, new Ref(1, 0, TriggerHandler.TRIGGER, "t"));
		chain.add(recording("global", null), new Ref(2, 0));

		assertThatThrownBy(() -> chain.fire("t", Map.of(), null)).isInstanceOfSatisfying(PluginTriggerError.class, e -> {
			assertThat(e.reason()).isEqualTo("no way");
			assertThat(e.hasResult()).isTrue();
			assertThat(e.result()).isEqualTo(Map.of("result", 0));
		});
		assertThat(ran).isEmpty();
		assertThat(problems.calls).isEmpty();
	}

	@Test
	void aThrowingHandlerIsSkippedCountedAgainstItsPluginAndRecoversWhenItAnswersAgain() {
		boolean[] broken = { true };
		chain.add((TriggerHandler) (name, values) -> {
			if (broken[0]) {
				throw new IllegalStateException("handler exploded");
			}
			return null;
		}, new Ref(4, 0));
		chain.add(recording("next", Map.of("new_x", 1)), new Ref(5, 0));

		Map<String, Object> result = chain.fire("t", Map.of(), null);

		assertThat(result).containsEntry("x", 1);
		assertThat(problems.calls).singleElement().asString().startsWith("failing 4 trigger handler ")
			.endsWith(" threw java.lang.IllegalStateException: handler exploded on trigger 't'");
		assertThat(chain.metrics(4)).first().isEqualTo("triggers handled: 1, failures: 1 (timeouts: 0)");

		broken[0] = false;
		chain.fire("t", Map.of(), null);
		assertThat(problems.calls).hasSize(2).last().asString().startsWith("recovered 4 trigger handler ");
	}

	@Test
	void asyncHandlersJoinTheChainForSyncAndAsyncCallers() throws Exception {
		chain.add((AsyncTriggerHandler) (name, values) -> CompletableFuture.supplyAsync(() -> Map.of("new_n", (int) values.get("n") + 1)),
			new Ref(1, 0));
		chain.add(recording("after-async", null), new Ref(2, 0));

		assertThat(chain.fire("t", Map.of("n", 1), null)).containsEntry("n", 2);
		assertThat(ran).containsExactly("after-async saw {n=2}");

		ran.clear();
		assertThat(chain.fireAsync("t", Map.of("n", 5)).get(5, TimeUnit.SECONDS)).containsEntry("n", 6);
		assertThat(ran).containsExactly("after-async saw {n=6}");
	}

	@Test
	void anAsyncPluginTriggerErrorEndsTheChainOfAnAsyncCaller() {
		chain.add((AsyncTriggerHandler) (name, values) -> CompletableFuture.failedFuture(new PluginTriggerError("later, no")),
			new Ref(1, 0));
		chain.add(recording("never", null), new Ref(2, 0));

		assertThatThrownBy(() -> chain.fireAsync("t", Map.of()).get(5, TimeUnit.SECONDS))
			.isInstanceOf(ExecutionException.class).cause().isInstanceOf(PluginTriggerError.class).hasMessage("later, no");
		assertThatThrownBy(() -> chain.fire("t", Map.of(), null)).isInstanceOf(PluginTriggerError.class);
		assertThat(ran).isEmpty();
	}

	@Test
	void anAsyncHandlerThatNeverAnswersTimesOutIsCountedAndSkipped() throws Exception {
		chain.add((AsyncTriggerHandler) (name, values) -> new CompletableFuture<>(), new Ref(6, 0));
		chain.add(recording("next", null), new Ref(7, 0));

		assertThat(chain.fireAsync("t", Map.of()).get(5, TimeUnit.SECONDS)).isEmpty();
		chain.fire("t", Map.of(), null);

		assertThat(ran).hasSize(2);
		assertThat(chain.metrics(6)).first().isEqualTo("triggers handled: 2, failures: 2 (timeouts: 2)");
		assertThat(problems.calls).singleElement().asString().endsWith(" did not answer within 300 ms on trigger 't'");
	}

	@Test
	void aHandlerThatGoesAwayLeavesTheChainAndItsProblemWithIt() {
		Ref ref = new Ref(8, 0);
		chain.add((TriggerHandler) (name, values) -> {
			throw new IllegalStateException("x");
		}, ref);
		chain.fire("t", Map.of(), null);

		chain.remove(ref);

		assertThat(chain.size()).isZero();
		assertThat(problems.calls).last().asString().startsWith("recovered 8 ");
		assertThat(chain.describe(8)).isEmpty();
	}

	@Test
	void pluginInfoDescribesEachHandlerWithItsNamesAndPosition() {
		chain.add(recording("a", null), new Ref(1, 5, TriggerHandler.TRIGGER, new String[] { "b", "a" }));
		chain.add(recording("b", null), new Ref(1, 0));

		assertThat(chain.describe(1)).hasSize(2).first().asString().contains(" for a, b (position 1 of 2, ranking 5)");
		assertThat(chain.describe(1).get(1)).contains("for every trigger (global) (position 2 of 2, ranking 0)");
	}
}
