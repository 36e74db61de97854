package io.pluginkit.itest;

import java.nio.file.Path;

import org.apache.felix.service.command.CommandProcessor;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.BundleContext;
import org.osgi.service.servlet.runtime.HttpServiceRuntime;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.test.common.service.ServiceAware;

/**
 * What every in-framework test talks to: the running PluginKit through the Gogo shell, HTTP on the
 * port the HTTP runtime reports, and the framework itself.
 */
abstract class InFrameworkTest {

	@InjectBundleContext
	BundleContext context;

	@InjectService(timeout = 30_000)
	CommandProcessor gogo;

	@InjectService(timeout = 30_000)
	ServiceAware<HttpServiceRuntime> http;

	@TempDir
	Path jars;

	PluginKit pluginkit;

	@BeforeEach
	void connect() {
		pluginkit = new PluginKit(context, gogo, http.getServiceReference(), jars);
	}
}
