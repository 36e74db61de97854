package io.pluginkit.itest;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.FrameworkUtil;
import org.osgi.service.servlet.whiteboard.HttpWhiteboardConstants;

import io.pluginkit.api.web.RequestHook;
import io.pluginkit.itest.PluginKit.PluginRow;
import io.pluginkit.testing.Await;
import io.pluginkit.testing.TestJars;
import io.pluginkit.testing.plugins.FailingComponent;
import io.pluginkit.testing.plugins.TraceHook;
import jakarta.servlet.Servlet;

/**
 * {@code FAILED} means none of the plugin's code runs, and its reason names only what really keeps
 * it from running, in words that say what to do.
 */
class FailedPluginTest extends InFrameworkTest {

	static final String HANDLER = "/itest/failed-handler";

	@BeforeEach
	void registerHandler() {
		context.registerService(Servlet.class, new CountingServlet(),
			FrameworkUtil.asDictionary(Map.of(HttpWhiteboardConstants.HTTP_WHITEBOARD_SERVLET_PATTERN, HANDLER)));
		pluginkit.awaitStatus(HANDLER, 200);
	}

	@Test
	void aPluginWithAComponentThatFailsToActivateIsStoppedSoItsHookNoLongerRuns() {
		pluginkit.install(TestJars.plugin("half-broken")
			.imports(RequestHookTest.HOOK_IMPORTS)
			.component(TraceHook.class, RequestHook.class.getName(), "name=half-broken")
			.component(FailingComponent.class, null));
		// a healthy plugin's hook shows that hooks do run on these requests
		pluginkit.install(TestJars.plugin("whole")
			.imports(RequestHookTest.HOOK_IMPORTS)
			.component(TraceHook.class, RequestHook.class.getName(), "name=whole"));

		PluginRow failed = pluginkit.awaitPlugin("half-broken", "FAILED");
		pluginkit.awaitPlugin("whole", "ENABLED");

		assertThat(failed.reason()).contains("failed to activate", "database unreachable at db.invalid:5432");
		HttpResponse<String> response = Await.until("only the healthy plugin's hook runs",
			() -> pluginkit.get(HANDLER, "X-Trace", "on"),
			r -> r.headers().firstValue("X-Trace-Before").orElse("").equals("whole"));
		assertThat(response.headers().firstValue("X-Trace-After")).hasValue("whole");
		assertThat(context.getBundle(Long.parseLong(failed.id())).getState()).isEqualTo(Bundle.RESOLVED);
		assertThat(pluginkit.shell("plugin:info half-broken").out()).contains("State       FAILED")
			.contains("Reason      component")
			.doesNotContain("request hook io.pluginkit.testing.plugins.TraceHook");
	}

	@Test
	void aPluginCompiledForANewerJavaSaysSoAndHowToBuildIt() {
		pluginkit.install(TestJars.plugin("from-the-future")
			.header("Require-Capability", "osgi.ee;filter:=\"(&(osgi.ee=JavaSE)(version=99))\""));

		PluginRow row = pluginkit.awaitPlugin("from-the-future", "FAILED");

		assertThat(row.reason()).contains("compiled for Java 99")
			.contains("PluginKit runs on Java " + Runtime.version().feature())
			.contains("build it with --release 17")
			.doesNotContain("install a bundle");
	}

	@Test
	void aPluginForAnExecutionEnvironmentTheRuntimeDoesNotKnowIsANewerJava() {
		pluginkit.install(TestJars.plugin("unknown-ee").header("Require-Capability", "osgi.ee;filter:=\"(osgi.ee=UNKNOWN)\""));

		PluginRow row = pluginkit.awaitPlugin("unknown-ee", "FAILED");

		assertThat(row.reason()).contains("compiled for a newer Java than this runtime knows")
			.contains("build it with --release 17")
			.doesNotContain("install a bundle that provides it");
	}

	@Test
	void aPackageThePluginExportsItselfIsNotReportedMissingOnlyTheOneThatIs() {
		pluginkit.install(TestJars.plugin("self-reliant")
			.header("Export-Package", "itest.selfreliant.api;version=\"1.0.0\"")
			.imports("itest.selfreliant.api;version=\"[1.0,2)\",com.example.truly.missing"));

		PluginRow row = pluginkit.awaitPlugin("self-reliant", "FAILED");

		assertThat(row.reason()).isEqualTo("package com.example.truly.missing is missing; install a bundle that provides it");
	}
}
