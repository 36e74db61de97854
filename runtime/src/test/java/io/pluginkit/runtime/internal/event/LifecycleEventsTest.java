package io.pluginkit.runtime.internal.event;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import io.pluginkit.runtime.internal.registry.PluginInfo;
import io.pluginkit.runtime.internal.registry.PluginState;

class LifecycleEventsTest {

	static PluginInfo info(String version, PluginState state, String reason) {
		return new PluginInfo("teapot", version, "a", null, null, null, null, null, true, null, state, reason, 7, "t", "l",
			Instant.EPOCH);
	}

	@Test
	void eachStateChangeIsNamedAsAUserSaysIt() {
		assertThat(LifecycleEvents.change(null, info("1", PluginState.INSTALLED, null))).isEqualTo("installed");
		assertThat(LifecycleEvents.change(info("1", PluginState.INSTALLED, null), info("1", PluginState.ENABLED, null)))
			.isEqualTo("enabled");
		assertThat(LifecycleEvents.change(info("1", PluginState.ENABLED, null), info("1", PluginState.DISABLED, null)))
			.isEqualTo("disabled");
		assertThat(LifecycleEvents.change(info("1", PluginState.ENABLED, null), info("1", PluginState.FAILED, "x")))
			.isEqualTo("failed");
		assertThat(LifecycleEvents.change(info("1", PluginState.ENABLED, null), info("2", PluginState.ENABLED, null)))
			.isEqualTo("updated");
		assertThat(LifecycleEvents.change(info("1", PluginState.ENABLED, null), info("1", PluginState.UNINSTALLED, null)))
			.isEqualTo("uninstalled");
	}

	@Test
	void aNewReasonIsAnEventOnlyForAFailedPlugin() {
		assertThat(LifecycleEvents.change(info("1", PluginState.ENABLED, null), info("1", PluginState.ENABLED, "hook x")))
			.isNull();
		assertThat(LifecycleEvents.change(info("1", PluginState.FAILED, "a"), info("1", PluginState.FAILED, "b")))
			.isEqualTo("failed");
		assertThat(LifecycleEvents.change(info("1", PluginState.FAILED, "a"), info("1", PluginState.FAILED, "a"))).isNull();
	}

	@Test
	void aNewPluginThatIsAlreadyEnabledIsInstalledThenEnabled() {
		assertThat(LifecycleEvents.changes(null, info("1", PluginState.ENABLED, null))).containsExactly("installed", "enabled");
		assertThat(LifecycleEvents.changes(null, info("1", PluginState.DISABLED, null))).containsExactly("installed", "disabled");
		assertThat(LifecycleEvents.changes(null, info("1", PluginState.INSTALLED, null))).containsExactly("installed");
		assertThat(LifecycleEvents.changes(info("1", PluginState.ENABLED, null), info("1", PluginState.ENABLED, null))).isEmpty();
	}
}
