package io.pluginkit.sample.showcase;

import org.osgi.service.component.annotations.Component;

import io.pluginkit.api.template.TemplateExtension;
import io.pluginkit.api.template.TemplatePoint;

/** A line of HTML code (not a file) in the landing page's {@code index_content}, as Flask-PluginKit's demo has. */
@Component
@TemplatePoint("index_content")
public class HtmlCode implements TemplateExtension {

	static final String CODE = "<p id=\"showcase-code\">hello local-demo(from html code)</p>";

	@Override
	public String content() {
		return CODE;
	}
}
