package io.pluginkit.itest;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import io.pluginkit.api.background.BackgroundService;
import io.pluginkit.itest.PluginKit.PluginRow;
import io.pluginkit.testing.Await;
import io.pluginkit.testing.TestJars;
import io.pluginkit.testing.plugins.CrashingBackground;
import io.pluginkit.testing.plugins.SleepingBackground;
import io.pluginkit.testing.plugins.UninitializableBackground;

/** Background services in the running PluginKit: their own thread, stopped with their plugin, crashes contained. */
class BackgroundTest extends InFrameworkTest {

	static final String BACKGROUND_IMPORTS = "io.pluginkit.api.background;version=\"[1.0,2)\"";

	@Test
	void aServiceRunsWhileItsPluginIsEnabledAndItsThreadIsGoneWhenDisableReturns() {
		pluginkit.install(TestJars.plugin("sleeper").imports(BACKGROUND_IMPORTS)
			.component(SleepingBackground.class, BackgroundService.class.getName()));
		pluginkit.awaitPlugin("sleeper", "ENABLED");
		String thread = "pluginkit-background-sleeper-SleepingBackground";

		String info = Await.until("plugin:info shows it running", () -> pluginkit.shell("plugin:info sleeper").out(),
			out -> out.contains("RUNNING"));
		assertThat(info).contains("background service " + SleepingBackground.class.getName() + ": RUNNING, restarts 0");
		assertThat(threadAlive(thread)).isTrue();

		assertThat(pluginkit.shell("plugin:disable sleeper").out()).contains("plugin 'sleeper' DISABLED");

		assertThat(threadAlive(thread)).as("joined before disable returned").isFalse();
		assertThat(pluginkit.shell("plugin:info sleeper").out()).doesNotContain("background service");
	}

	static boolean threadAlive(String name) {
		return Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.getName().equals(name) && t.isAlive());
	}

	@Test
	void aCrashingServiceIsRestartedWithBackoffAndPluginInfoShowsRestartsAndTheLastError() {
		pluginkit.install(TestJars.plugin("crasher").imports(BACKGROUND_IMPORTS).component(CrashingBackground.class,
			BackgroundService.class.getName(), "pluginkit.background.backoff.ms:Long=20"));

		String info = Await.until("it was restarted a few times", () -> pluginkit.shell("plugin:info crasher").out(),
			out -> out.matches("(?s).*restarts [3-9].*"));

		assertThat(info).contains("background service " + CrashingBackground.class.getName() + ": ")
			.contains("last error: java.lang.IllegalStateException: heater broke");
		PluginRow row = pluginkit.plugin("crasher");
		assertThat(row.state()).isEqualTo("ENABLED");
		assertThat(row.reason()).isEqualTo("background service " + CrashingBackground.class.getName()
			+ " crashed: java.lang.IllegalStateException: heater broke");
		assertThat(pluginkit.get("/health").body()).contains("DEGRADED");
	}

	@Test
	void initializeThrowingMakesThePluginFailedWithTheReason() {
		pluginkit.install(TestJars.plugin("dry").imports(BACKGROUND_IMPORTS)
			.component(UninitializableBackground.class, BackgroundService.class.getName()));

		PluginRow row = pluginkit.awaitPlugin("dry", "FAILED");

		assertThat(row.reason()).isEqualTo("background service " + UninitializableBackground.class.getName()
			+ " failed to initialize: no water supply");
	}
}
