package io.pluginkit.sample.showcase;

import java.util.Map;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

import io.pluginkit.api.template.TemplateContextProcessor;

/** The variable {@code timestamp} in every template: when the plugin was enabled, in seconds since the epoch. */
@Component
public class Timestamp implements TemplateContextProcessor {

	private final Map<String, Object> variables;

	@Activate
	public Timestamp() {
		this.variables = Map.of("timestamp", System.currentTimeMillis() / 1000);
	}

	@Override
	public Map<String, ?> variables() {
		return variables;
	}
}
