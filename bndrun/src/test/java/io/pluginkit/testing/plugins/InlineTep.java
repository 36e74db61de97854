package io.pluginkit.testing.plugins;

import java.util.Map;

import io.pluginkit.api.template.TemplateExtension;

/** A test plugin's template extension: its {@code content} property. */
public class InlineTep implements TemplateExtension {

	private volatile String content = "";

	public void activate(Map<String, Object> properties) {
		content = String.valueOf(properties.get("content"));
	}

	@Override
	public String content() {
		return content;
	}
}
