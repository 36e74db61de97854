package io.pluginkit.testing;

import io.pluginkit.testing.greeting.Greeting;
import io.pluginkit.testing.plugins.LoadedGreeting;
import io.pluginkit.testing.plugins.ServiceLoaderServlet;

/**
 * Three bundles that use {@code java.util.ServiceLoader} across bundles, as the OSGi Service Loader Mediator
 * specification has them declare it: a library with the {@link Greeting} API, a library that offers a
 * {@link LoadedGreeting} in {@code META-INF/services}, and the plugin {@code service-loading}, whose servlet
 * ({@link ServiceLoaderServlet}, on {@link #ROUTE}) answers what the greetings it loads say.
 */
public final class ServiceLoaderJars {

	public static final String ROUTE = "/itest/service-loading";
	public static final String GREETING_TEXT = new LoadedGreeting().greet();

	private static final String GREETING = Greeting.class.getName();
	private static final String GREETING_PACKAGE = Greeting.class.getPackageName();

	private ServiceLoaderJars() {
	}

	public static TestJars api() {
		return TestJars.bundle("itest.loader.greeting.api").header("Export-Package", GREETING_PACKAGE)
			.classes(Greeting.class);
	}

	public static TestJars provider() {
		return TestJars.bundle("itest.loader.greeting.provider")
			.imports(GREETING_PACKAGE)
			.classes(LoadedGreeting.class)
			.resource("META-INF/services/" + GREETING, LoadedGreeting.class.getName() + "\n")
			.header("Provide-Capability", "osgi.serviceloader;osgi.serviceloader=\"" + GREETING + "\"")
			.header("Require-Capability", "osgi.extender;filter:=\"(osgi.extender=osgi.serviceloader.registrar)\"");
	}

	public static TestJars consumer() {
		return TestJars.plugin("service-loading")
			.imports(TestJars.SERVLET_IMPORTS + "," + GREETING_PACKAGE)
			.header("Require-Capability", "osgi.extender;filter:=\"(osgi.extender=osgi.serviceloader.processor)\","
				+ "osgi.serviceloader;filter:=\"(osgi.serviceloader=" + GREETING + ")\";cardinality:=multiple")
			.component(ServiceLoaderServlet.class, "jakarta.servlet.Servlet",
				"osgi.http.whiteboard.servlet.pattern=" + ROUTE);
	}
}
