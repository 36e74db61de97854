package io.pluginkit.runtime.internal.admin;

import org.commonmark.parser.Parser;
import org.commonmark.renderer.html.HtmlRenderer;

/**
 * A plugin's readme as HTML that is safe to put into the admin page: commonmark with raw HTML
 * escaped ({@code escapeHtml}) and link and image URLs other than http(s), mailto and relative ones
 * made harmless ({@code sanitizeUrls}), so a readme cannot run script in the operator's browser.
 */
final class Markdown {

	private static final Parser PARSER = Parser.builder().build();
	private static final HtmlRenderer RENDERER = HtmlRenderer.builder().escapeHtml(true).sanitizeUrls(true).build();

	private Markdown() {
	}

	static String html(String markdown) {
		return markdown == null ? null : RENDERER.render(PARSER.parse(markdown));
	}
}
