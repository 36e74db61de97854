package io.pluginkit.api.template;

/**
 * A template could not be rendered. The message names the plugin, the template and what to do,
 * e.g. {@code plugin 'showcase', template 'demo/demo.html' line 3: filter [shout] threw: ...}.
 */
public class TemplateException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	private final String plugin;
	private final String template;

	public TemplateException(String plugin, String template, String problem, Throwable cause) {
		super("plugin '" + plugin + "', template '" + template + "': " + problem, cause);
		this.plugin = plugin;
		this.template = template;
	}

	/** The plugin whose template failed. */
	public String plugin() {
		return plugin;
	}

	/** The template that failed, as it was asked for. */
	public String template() {
		return template;
	}
}
