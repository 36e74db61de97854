package io.pluginkit.runtime.internal.template;

import java.util.Map;

import org.osgi.framework.Bundle;
import org.osgi.service.component.ComponentContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ServiceScope;

import io.pluginkit.api.template.Templates;

/**
 * The {@link Templates} service, one instance per bundle that uses it (bundle scope), bound to that
 * bundle: a plugin renders its own templates and cannot name another plugin's.
 */
@Component(service = Templates.class, scope = ServiceScope.BUNDLE)
public final class BundleTemplates implements Templates {

	private final TemplateEngines engines;
	private final Bundle bundle;

	@Activate
	public BundleTemplates(ComponentContext context, @Reference TemplateEngines engines) {
		this.engines = engines;
		this.bundle = context.getUsingBundle();
	}

	@Override
	public String render(String template, Map<String, ?> context) {
		return engines.render(bundle, template, context);
	}
}
