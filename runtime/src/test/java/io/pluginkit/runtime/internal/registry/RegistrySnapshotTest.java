package io.pluginkit.runtime.internal.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.pluginkit.runtime.internal.registry.RegistrySnapshot.Phase;

/** What readers see of the registry at one moment, without locks. */
class RegistrySnapshotTest {

	@Test
	void pluginsAreSortedByNameThenBundleId() {
		RegistrySnapshot s = RegistrySnapshot.of(Phase.RUNNING,
			List.of(info("zeta", 3, PluginState.ENABLED), info("alpha", 9, PluginState.FAILED),
				info("alpha", 4, PluginState.ENABLED)),
			Map.of());

		assertThat(s.plugins()).extracting(PluginInfo::name, PluginInfo::bundleId)
			.containsExactly(tuple("alpha", 4L), tuple("alpha", 9L), tuple("zeta", 3L));
	}

	@Test
	void aSnapshotCannotBeChangedByItsReadersNorByItsWriter() {
		List<PluginInfo> infos = new ArrayList<>(List.of(info("alpha", 4, PluginState.ENABLED)));
		RegistrySnapshot s = new RegistrySnapshot(Phase.RUNNING, infos, Map.of());

		infos.add(info("beta", 5, PluginState.ENABLED));

		assertThat(s.plugins()).hasSize(1);
		assertThatThrownBy(() -> s.plugins().add(info("gamma", 6, PluginState.ENABLED)))
			.isInstanceOf(UnsupportedOperationException.class);
	}

	@Test
	void byNameTheRunningPluginComesBeforeAFailedDuplicate() {
		RegistrySnapshot s = snapshot(info("twin", 4, PluginState.FAILED), info("twin", 7, PluginState.ENABLED));

		assertThat(s.plugin("twin")).hasValueSatisfying(p -> assertThat(p.bundleId()).isEqualTo(7));
	}

	@Test
	void byNameAmongFailedDuplicatesTheFirstInstalledComesFirst() {
		RegistrySnapshot s = snapshot(info("twin", 9, PluginState.FAILED), info("twin", 4, PluginState.FAILED));

		assertThat(s.plugin("twin")).hasValueSatisfying(p -> assertThat(p.bundleId()).isEqualTo(4));
	}

	@Test
	void aPluginIsFoundByItsBundleIdAsTypedOrAsANumber() {
		RegistrySnapshot s = snapshot(info("alpha", 4, PluginState.ENABLED), info("beta", 12, PluginState.DISABLED));

		assertThat(s.plugin(" 12 ")).map(PluginInfo::name).hasValue("beta");
		assertThat(s.plugin(12L)).map(PluginInfo::name).hasValue("beta");
		assertThat(s.plugin("alpha ")).map(PluginInfo::bundleId).hasValue(4L);
	}

	@Test
	void nothingIsFoundForAnUnknownNameAnIdOfNoPluginOrNothingTyped() {
		RegistrySnapshot s = snapshot(info("alpha", 4, PluginState.ENABLED), problemRow("broken.jar"));

		assertThat(s.plugin("beta")).isEmpty();
		assertThat(s.plugin("5")).isEmpty();
		assertThat(s.plugin(5L)).isEmpty();
		assertThat(s.plugin((String) null)).isEmpty();
		assertThat(s.plugin("")).isEmpty();
		// a folder jar's problem row has no bundle: "-1" does not find it
		assertThat(s.plugin("-1")).isEmpty();
	}

	@Test
	void countsHaveEveryStateAndCountProblemRowsAsFailed() {
		RegistrySnapshot s = snapshot(info("alpha", 4, PluginState.ENABLED), info("beta", 5, PluginState.ENABLED),
			info("gamma", 6, PluginState.DISABLED), problemRow("broken.jar"));

		assertThat(s.counts()).containsEntry(PluginState.ENABLED, 2)
			.containsEntry(PluginState.DISABLED, 1)
			.containsEntry(PluginState.FAILED, 1)
			.containsEntry(PluginState.INSTALLED, 0)
			.containsEntry(PluginState.UNINSTALLED, 0)
			.hasSize(PluginState.values().length);
		assertThat(RegistrySnapshot.EMPTY.counts()).containsOnlyKeys(PluginState.values()).doesNotContainValue(1);
	}

	@Test
	void failingAreTheFailedPluginsAndTheEnabledOnesWithAProblem() {
		PluginInfo failed = info("broken", 4, PluginState.FAILED, "component 'x' failed to activate");
		PluginInfo troubled = info("hooked", 5, PluginState.ENABLED, "hook io.acme.Audit threw 3 times");
		PluginInfo healthy = info("fine", 6, PluginState.ENABLED);
		PluginInfo disabled = info("off", 7, PluginState.DISABLED);
		PluginInfo row = problemRow("bad.jar");

		RegistrySnapshot s = snapshot(failed, troubled, healthy, disabled, row);

		assertThat(s.failing()).containsExactlyInAnyOrder(failed, troubled, row);
	}

	@Test
	void anEmptyRegistryIsStartingWithNothingFailing() {
		assertThat(RegistrySnapshot.EMPTY.phase()).isEqualTo(Phase.STARTING);
		assertThat(RegistrySnapshot.EMPTY.failing()).isEmpty();
		assertThat(RegistrySnapshot.EMPTY.plugins()).isEmpty();
	}

	@Test
	void anotherPhaseKeepsThePlugins() {
		RegistrySnapshot s = snapshot(info("alpha", 4, PluginState.ENABLED));

		RegistrySnapshot stopping = s.withPhase(Phase.STOPPING);

		assertThat(stopping.phase()).isEqualTo(Phase.STOPPING);
		assertThat(stopping.plugins()).isEqualTo(s.plugins());
		assertThat(s.phase()).isEqualTo(Phase.RUNNING);
	}

	private static RegistrySnapshot snapshot(PluginInfo... infos) {
		return RegistrySnapshot.of(Phase.RUNNING, List.of(infos), Map.of());
	}

	static PluginInfo info(String name, long id, PluginState state) {
		return info(name, id, state, null);
	}

	static PluginInfo info(String name, long id, PluginState state, String reason) {
		return new PluginInfo(name, "1.0.0", "Jane Doe", null, null, null, null, null, true, null, state, reason, id,
			"test." + name, "file:/plugins/" + name + ".jar", Instant.EPOCH);
	}

	static PluginInfo problemRow(String file) {
		return PluginStateView.problemRow(file, "file:/plugins/" + file, file + " is not a valid jar", Instant.EPOCH);
	}
}
