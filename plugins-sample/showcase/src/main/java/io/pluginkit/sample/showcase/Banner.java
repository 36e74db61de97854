package io.pluginkit.sample.showcase;

import org.osgi.service.component.annotations.Component;

import io.pluginkit.api.template.TemplateExtension;
import io.pluginkit.api.template.TemplatePoint;

/** The banner in the landing page's footer: the template {@code demo/banner.html}. */
@Component
@TemplatePoint("index_footer")
public class Banner implements TemplateExtension {

	@Override
	public String content() {
		return "demo/banner.html";
	}
}
