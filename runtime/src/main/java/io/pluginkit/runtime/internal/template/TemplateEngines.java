package io.pluginkit.runtime.internal.template;

import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

import io.pluginkit.api.template.TemplateContextProcessor;
import io.pluginkit.api.template.TemplateException;
import io.pluginkit.api.template.TemplateExtension;
import io.pluginkit.api.template.TemplateFilter;
import io.pluginkit.api.template.TemplateFunction;
import io.pluginkit.runtime.internal.contrib.ContributionReport;
import io.pluginkit.runtime.internal.contrib.Preprocessors;
import io.pluginkit.runtime.internal.registry.PluginInfo;
import io.pluginkit.runtime.internal.registry.PluginRegistry;
import io.pluginkit.runtime.internal.registry.PluginState;
import io.pluginkit.runtime.internal.registry.PluginStateEvent;
import io.pluginkit.runtime.internal.settings.Configured;

/**
 * The template side of PluginKit: holds the enabled plugins' template contributions, renders the
 * runtime's own pages ({@code /}, error pages) and each plugin's templates (through
 * {@link BundleTemplates}), describes the contributions to {@code plugin:info}, and drops a
 * plugin's compiled templates when it is updated, disabled or uninstalled.
 */
@Designate(ocd = TemplateEngines.Config.class)
@Component(service = { TemplateEngines.class, ContributionReport.class }, configurationPid = "pluginkit.template",
	property = Constants.SERVICE_RANKING + ":Integer=50")
public final class TemplateEngines implements ContributionReport {

	static final String TIMEOUT = "pluginkit.template.timeout.ms";
	static final String MAX_CHARS = "pluginkit.template.max.chars";
	static final long DEFAULT_TIMEOUT_MS = 2000;
	static final int DEFAULT_MAX_CHARS = 4_000_000;

	/** Settings of the templates, PID {@code pluginkit.template}; each falls back to its {@code -D} property. */
	@ObjectClassDefinition(name = "PluginKit templates", description = "Limits of one template render.")
	public @interface Config {
		@AttributeDefinition(description = "Longest time one template may take to render, in ms (a loop without end fails after it)")
		long pluginkit_template_timeout_ms() default DEFAULT_TIMEOUT_MS;

		@AttributeDefinition(description = "Most characters one template may write")
		int pluginkit_template_max_chars() default DEFAULT_MAX_CHARS;
	}

	private final BundleContext context;
	private final PluginRegistry registry;
	private final TemplateContributions contributions;
	private final TemplateRenderer renderer;
	private final TemplateSource runtime;
	private final Consumer<PluginStateEvent> dropOnChange = this::pluginChanged;

	@Activate
	public TemplateEngines(BundleContext context, @Reference PluginRegistry registry,
		@Reference Preprocessors preprocessors, Map<String, Object> configuration) {
		this.context = context;
		this.registry = registry;
		this.contributions = new TemplateContributions(preprocessors);
		this.runtime = TemplateSource.of("pluginkit", context.getBundle());
		RenderLimits limits = new RenderLimits(
			number(Configured.value(configuration, context, TIMEOUT), DEFAULT_TIMEOUT_MS),
			(int) Math.min(Integer.MAX_VALUE / 2, number(Configured.value(configuration, context, MAX_CHARS), DEFAULT_MAX_CHARS)));
		this.renderer = new TemplateRenderer(runtime, contributions, new TemplateRenderer.Plugins() {
			@Override
			public TemplateSource source(long bundleId) {
				return enabledSource(bundleId);
			}

			@Override
			public boolean enabled(String plugin) {
				return registry.enabledBundle(plugin).isPresent();
			}
		}, limits);
		registry.addListener(dropOnChange);
	}

	@Deactivate
	void deactivate() {
		registry.removeListener(dropOnChange);
		contributions.close();
	}

	private static long number(String value, long fallback) {
		try {
			return value == null ? fallback : Math.max(1, Long.parseLong(value));
		} catch (NumberFormatException e) {
			return fallback;
		}
	}

	private TemplateSource enabledSource(long bundleId) {
		return registry.snapshot().plugin(bundleId)
			.filter(p -> p.state() == PluginState.ENABLED)
			.flatMap(p -> registry.enabledBundle(p.name()).filter(b -> b.getBundleId() == bundleId)
				.map(b -> TemplateSource.of(p.name(), b)))
			.orElse(null);
	}

	/** A plugin that is no longer enabled, or was updated, loses its compiled templates. */
	private void pluginChanged(PluginStateEvent e) {
		PluginInfo now = e.current();
		if (now.bundleId() >= 0 && (now.state() != PluginState.ENABLED || e.previous() != null
			&& !java.util.Objects.equals(e.previous().version(), now.version()))) {
			renderer.drop(now.bundleId());
		}
		if (e.previous() != null && e.previous().bundleId() >= 0 && e.previous().bundleId() != now.bundleId()) {
			renderer.drop(e.previous().bundleId());
		}
	}

	// ------------------------------------------------------------------ rendering

	/** Renders one of the runtime's own templates ({@code pluginkit/index.html}, ...). */
	public String renderRuntime(String template, Map<String, ?> context) {
		return renderer.render(runtime, template, context);
	}

	/**
	 * Renders a template of a plugin's bundle.
	 *
	 * @throws TemplateException when it cannot be rendered, naming the plugin and the template
	 */
	public String render(Bundle bundle, String template, Map<String, ?> context) {
		String name = bundle.getHeaders("").get("Plugin-Name");
		return renderer.render(TemplateSource.of(name == null ? bundle.getSymbolicName() : name.trim(), bundle), template,
			context);
	}

	/** Whether a bundle's templates are compiled and cached now (for tests and {@code plugin:info}). */
	public boolean cached(long bundleId) {
		return renderer.cached(bundleId);
	}

	// ------------------------------------------------------------------ contributions

	@Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
		policyOption = ReferencePolicyOption.GREEDY, updated = "updatedExtension")
	void addExtension(TemplateExtension service, ServiceReference<TemplateExtension> ref) {
		contributions.extensions.add(service, ref);
	}

	void updatedExtension(ServiceReference<TemplateExtension> ref) {
		contributions.extensions.updated(ref);
	}

	void removeExtension(ServiceReference<TemplateExtension> ref) {
		contributions.extensions.remove(ref);
	}

	@Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
		policyOption = ReferencePolicyOption.GREEDY, updated = "updatedFilter")
	void addFilter(TemplateFilter service, ServiceReference<TemplateFilter> ref) {
		contributions.filters.add(service, ref);
	}

	void updatedFilter(ServiceReference<TemplateFilter> ref) {
		contributions.filters.updated(ref);
	}

	void removeFilter(ServiceReference<TemplateFilter> ref) {
		contributions.filters.remove(ref);
	}

	@Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
		policyOption = ReferencePolicyOption.GREEDY, updated = "updatedFunction")
	void addFunction(TemplateFunction service, ServiceReference<TemplateFunction> ref) {
		contributions.functions.add(service, ref);
	}

	void updatedFunction(ServiceReference<TemplateFunction> ref) {
		contributions.functions.updated(ref);
	}

	void removeFunction(ServiceReference<TemplateFunction> ref) {
		contributions.functions.remove(ref);
	}

	@Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
		policyOption = ReferencePolicyOption.GREEDY, updated = "updatedContext")
	void addContext(TemplateContextProcessor service, ServiceReference<TemplateContextProcessor> ref) {
		contributions.contexts.add(service, ref);
	}

	void updatedContext(ServiceReference<TemplateContextProcessor> ref) {
		contributions.contexts.updated(ref);
	}

	void removeContext(ServiceReference<TemplateContextProcessor> ref) {
		contributions.contexts.remove(ref);
	}

	/** The template contributions, then the static files {@code /static/<plugin>/} serves (at most 20 named). */
	@Override
	public List<String> describe(long bundleId) {
		List<String> result = new java.util.ArrayList<>(contributions.describe(bundleId));
		Bundle b = context.getBundle(bundleId);
		String plugin = b == null ? null : b.getHeaders("").get("Plugin-Name");
		java.util.Enumeration<java.net.URL> files = plugin == null ? null : b.findEntries("static", "*", true);
		int n = 0;
		while (files != null && files.hasMoreElements()) {
			String path = files.nextElement().getPath();
			if (!path.endsWith("/") && n++ < 20) {
				result.add("static file /static/" + plugin.trim() + path.substring(path.indexOf("static/") + 6));
			}
		}
		if (n > 20) {
			result.add("static files: " + (n - 20) + " more");
		}
		return result;
	}
}
