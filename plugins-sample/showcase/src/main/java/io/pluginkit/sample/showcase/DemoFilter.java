package io.pluginkit.sample.showcase;

import java.util.List;

import org.osgi.service.component.annotations.Component;

import io.pluginkit.api.template.TemplateFilter;
import io.pluginkit.api.template.TemplateFilterName;

/** The filter {@code demo_filter2}: whatever it is given, {@code test-filter} (as in Flask-PluginKit's demo). */
@Component
@TemplateFilterName("demo_filter2")
public class DemoFilter implements TemplateFilter {

	static final String RESULT = "test-filter";

	@Override
	public Object apply(Object input, List<Object> args) {
		return RESULT;
	}
}
