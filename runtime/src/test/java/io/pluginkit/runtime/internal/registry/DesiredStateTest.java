package io.pluginkit.runtime.internal.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Hashtable;

import org.junit.jupiter.api.Test;
import org.osgi.framework.Version;

/** DESIGN §4's precedence: an admin decision, else {@code Plugin-State}, else enabled. */
class DesiredStateTest {

	private static final PluginMetadata ENABLED_BY_DEFAULT = metadata(null, true);
	private static final PluginMetadata DISABLED_BY_DEFAULT = metadata("disabled", true);
	private static final PluginMetadata INVALID = metadata(null, false);

	@Test
	void withoutADecisionThePluginStateHeaderDecides() {
		assertThat(DesiredState.shouldRun(ENABLED_BY_DEFAULT, null, false)).isTrue();
		assertThat(DesiredState.shouldRun(DISABLED_BY_DEFAULT, null, false)).isFalse();
	}

	@Test
	void anAdminDecisionWinsOverTheHeader() {
		assertThat(DesiredState.shouldRun(DISABLED_BY_DEFAULT, true, false)).isTrue();
		assertThat(DesiredState.shouldRun(ENABLED_BY_DEFAULT, false, false)).isFalse();
		assertThat(DesiredState.wantsEnabled(DISABLED_BY_DEFAULT, true)).isTrue();
		assertThat(DesiredState.wantsEnabled(ENABLED_BY_DEFAULT, false)).isFalse();
	}

	@Test
	void invalidMetadataNeverRunsWhateverTheAdminDecided() {
		assertThat(DesiredState.shouldRun(INVALID, true, false)).isFalse();
		assertThat(DesiredState.shouldRun(INVALID, null, false)).isFalse();
	}

	@Test
	void aQuarantinedPluginDoesNotRunEvenWhenEnabled() {
		assertThat(DesiredState.shouldRun(ENABLED_BY_DEFAULT, true, true)).isFalse();
		assertThat(DesiredState.shouldRun(ENABLED_BY_DEFAULT, null, true)).isFalse();
		// what it asks for is still "enabled": it comes back when an admin enables it
		assertThat(DesiredState.wantsEnabled(ENABLED_BY_DEFAULT, true)).isTrue();
	}

	@Test
	void aForeignStartOrStopIsANewDecisionOnlyWhenItGoesAgainstTheDesiredState() {
		// plain Felix "stop" of a plugin that should run: the admin decided to disable it
		assertThat(DesiredState.isNewDecision(false, ENABLED_BY_DEFAULT, null)).isTrue();
		assertThat(DesiredState.isNewDecision(false, ENABLED_BY_DEFAULT, true)).isTrue();
		// plain Felix "start" of a plugin that should not run
		assertThat(DesiredState.isNewDecision(true, DISABLED_BY_DEFAULT, null)).isTrue();
		assertThat(DesiredState.isNewDecision(true, ENABLED_BY_DEFAULT, false)).isTrue();
		// what it should be anyway (a refresh restarting it, a stop of a disabled one): nothing to record
		assertThat(DesiredState.isNewDecision(true, ENABLED_BY_DEFAULT, null)).isFalse();
		assertThat(DesiredState.isNewDecision(true, DISABLED_BY_DEFAULT, true)).isFalse();
		assertThat(DesiredState.isNewDecision(false, DISABLED_BY_DEFAULT, null)).isFalse();
		assertThat(DesiredState.isNewDecision(false, ENABLED_BY_DEFAULT, false)).isFalse();
	}

	@Test
	void aPluginWithInvalidMetadataNeverRecordsADecision() {
		assertThat(DesiredState.isNewDecision(true, INVALID, null)).isFalse();
		assertThat(DesiredState.isNewDecision(false, INVALID, null)).isFalse();
	}

	private static PluginMetadata metadata(String state, boolean valid) {
		Hashtable<String, String> h = new Hashtable<>();
		h.put("Bundle-Version", "1.0.0");
		h.put("Plugin-Name", "teapot");
		if (valid) {
			h.put("Plugin-Author", "Jane Doe");
		}
		if (state != null) {
			h.put("Plugin-State", state);
		}
		PluginMetadata m = PluginMetadata.read(h, path -> false, Version.parseVersion("1.0.0"));
		assertThat(m.problem() == null).as("metadata valid").isEqualTo(valid);
		return m;
	}
}
