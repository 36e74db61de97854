package io.pluginkit.testing.plugins;

import java.util.List;
import java.util.Map;

import io.pluginkit.api.template.TemplateFilter;

/** A test plugin's filter that always throws. */
public class ThrowingFilter implements TemplateFilter {

	public void activate(Map<String, Object> properties) {
		// nothing to read
	}

	@Override
	public Object apply(Object input, List<Object> args) {
		throw new IllegalStateException("filter exploded on " + input);
	}
}
