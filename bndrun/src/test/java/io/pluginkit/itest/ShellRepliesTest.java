package io.pluginkit.itest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.nio.file.Path;
import java.util.Map;

import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;

import io.pluginkit.itest.PluginKit.LibraryRow;
import io.pluginkit.testing.Await;
import io.pluginkit.testing.TestJars;
import io.pluginkit.testing.plugins.ThrowingActivator;

/**
 * The {@code plugin:*} commands as a script uses them: each returns its reply as its result, a
 * failure is one line, and {@code plugin:libraries} lists what was installed, not the platform.
 */
class ShellRepliesTest extends InFrameworkTest {

	@Test
	void disableAndEnableReturnTheirReplyAsTheResult() throws Exception {
		pluginkit.install(TestJars.servletPlugin("scripted", "/itest/scripted", "on"));
		pluginkit.awaitPlugin("scripted", "ENABLED");

		assertThat(pluginkit.execute("plugin:disable scripted")).isEqualTo("plugin 'scripted' DISABLED");
		assertThat(pluginkit.execute("plugin:enable scripted")).isEqualTo("plugin 'scripted' ENABLED");
	}

	@Test
	void installUpdateAndUninstallReturnTheirReplyAsTheResult() throws Exception {
		Path v1 = TestJars.servletPlugin("replied", "/itest/replied", "v1").writeTo(jars.resolve("replied-1.jar"));
		Path v2 = TestJars.servletPlugin("replied", "/itest/replied", "v2").version("1.1.0")
			.writeTo(jars.resolve("replied-2.jar"));

		Object installed = pluginkit.execute("plugin:install " + v1);
		try {
			assertThat(installed).isInstanceOf(String.class)
				.asString()
				.matches("plugin 'replied' 1\\.0\\.0 installed as bundle \\d+: ENABLED");
			assertThat(pluginkit.execute("plugin:update replied " + v2)).isEqualTo("plugin 'replied' updated to 1.1.0: ENABLED");
			assertThat(pluginkit.awaitStatus("/itest/replied", 200).body()).isEqualTo("v2");
		} finally {
			assertThat(pluginkit.execute("plugin:uninstall replied")).isEqualTo("plugin 'replied' uninstalled");
		}
	}

	@Test
	void aFailingCommandThrowsOneLineNamingWhatToDo() {
		pluginkit.install(TestJars.servletPlugin("bystander", "/itest/bystander", "here"));
		pluginkit.awaitPlugin("bystander", "ENABLED");
		Path other = TestJars.servletPlugin("not-bystander", "/itest/other", "other").writeTo(jars.resolve("other.jar"));
		Path missing = jars.resolve("no-such.jar");

		SoftAssertions softly = new SoftAssertions();
		for (String[] command : new String[][] { { "plugin:disable nope", "plugin 'nope' not found; installed: " },
			{ "plugin:info 0", "bundle 0 is a library, not a plugin; plugins: " },
			{ "plugin:install " + missing, "no such file: " + missing },
			{ "plugin:update bystander " + missing, "no such file: " + missing },
			{ "plugin:update bystander " + other, "other.jar is plugin 'not-bystander', not 'bystander'" } }) {
			Throwable failure = catchThrowable(() -> pluginkit.execute(command[0]));

			softly.assertThat(failure).as(command[0]).isNotNull();
			if (failure != null) {
				softly.assertThat(failure.getMessage()).as(command[0]).startsWith(command[1]).doesNotContain("\n", "\r");
			}
		}
		softly.assertAll();
		assertThat(pluginkit.plugin("bystander").state()).isEqualTo("ENABLED");
	}

	@Test
	void anExceptionWithSeveralLinesBecomesAOneLineReplyAndReason() {
		pluginkit.install(TestJars.plugin("grumpy")
			.imports("org.osgi.framework")
			.header("Bundle-Activator", ThrowingActivator.class.getName())
			.header("Test-Failure", "cannot reach the licence server\\n\\tat line two of the message")
			.classes(ThrowingActivator.class));
		Await.until("plugin:list shows grumpy", () -> pluginkit.plugin("grumpy"), r -> r != null && !r.state().equals("INSTALLED"));

		Throwable failure = catchThrowable(() -> pluginkit.execute("plugin:enable grumpy"));

		assertThat(failure).hasMessageStartingWith("plugin 'grumpy' is enabled but cannot run: ")
			.hasMessageContaining("cannot reach the licence server");
		assertThat(failure.getMessage()).doesNotContain("\n", "\r");
		assertThat(pluginkit.plugin("grumpy").state()).isEqualTo("FAILED");
		assertThat(pluginkit.shell("plugin:info grumpy").out()).containsPattern("Reason      .*cannot reach the licence server.*")
			.doesNotContain("\tat line two");
	}

	@Test
	void librariesListWhatWasInstalledButNotThePlatformsOwnBundles() {
		Bundle library = pluginkit.install(TestJars.bundle("itest.listed.library").version("3.0.0"));

		Map<String, LibraryRow> libraries = Await.until("plugin:libraries lists itest.listed.library",
			() -> pluginkit.libraries(), l -> l.containsKey("itest.listed.library"));

		assertThat(libraries.get("itest.listed.library").id()).isEqualTo(Long.toString(library.getBundleId()));
		assertThat(libraries).doesNotContainKeys("org.apache.felix.framework", "org.apache.felix.scr",
			"io.pluginkit.runtime", "io.pluginkit.api", "org.apache.felix.http.jetty12", "org.apache.felix.gogo.runtime",
			"org.apache.felix.configadmin", "slf4j.api");
		for (Bundle platform : context.getBundles()) {
			String name = platform.getSymbolicName();
			if (platform.getBundleId() < library.getBundleId() && name != null && !name.startsWith("test.")
				&& !name.startsWith("itest.")) {
				assertThat(libraries).as("platform bundle %s", platform.getSymbolicName())
					.doesNotContainKey(name);
			}
		}
	}
}
