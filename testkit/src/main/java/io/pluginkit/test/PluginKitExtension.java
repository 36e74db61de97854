package io.pluginkit.test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * The JUnit 5 extension behind {@link PluginKitTest}: starts one {@link PluginKit} per test class (in
 * {@code beforeAll}, or when a constructor asks for it first), gives it to the parameters of type
 * {@link PluginKit}, and stops it, deleting its folders, when the class is done.
 */
public final class PluginKitExtension implements BeforeAllCallback, ParameterResolver {

	private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace
		.create(PluginKitExtension.class);

	@Override
	public void beforeAll(ExtensionContext context) {
		pluginkit(context);
	}

	@Override
	public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
		return parameter.getParameter().getType() == PluginKit.class;
	}

	@Override
	public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
		return pluginkit(context);
	}

	/** The test class's PluginKit, started on first use; JUnit closes it with the class's store. */
	private static PluginKit pluginkit(ExtensionContext context) {
		ExtensionContext classContext = context;
		while (classContext.getTestMethod().isPresent() && classContext.getParent().isPresent()) {
			classContext = classContext.getParent().get();
		}
		Class<?> testClass = classContext.getRequiredTestClass();
		return classContext.getStore(NAMESPACE)
			.getOrComputeIfAbsent(PluginKit.class, k -> start(testClass), PluginKit.class);
	}

	private static PluginKit start(Class<?> testClass) {
		PluginKitTest settings = AnnotationSupport.findAnnotation(testClass, PluginKitTest.class)
			.orElseThrow(() -> new IllegalStateException(testClass.getName() + " uses PluginKitExtension without"
				+ " @PluginKitTest; annotate the class with @PluginKitTest"));
		Path plugin = PluginJar.underTest(settings.plugin());
		List<Path> more = new ArrayList<>();
		for (String p : settings.plugins()) {
			more.add(Path.of(p).toAbsolutePath());
		}
		Map<String, String> properties = new LinkedHashMap<>();
		for (String p : settings.properties()) {
			int eq = p.indexOf('=');
			if (eq <= 0) {
				throw new IllegalArgumentException("@PluginKitTest(properties) '" + p + "' is not name=value");
			}
			properties.put(p.substring(0, eq), p.substring(eq + 1));
		}
		return PluginKit.start(plugin, more, properties);
	}
}
