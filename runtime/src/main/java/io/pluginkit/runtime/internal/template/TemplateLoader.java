package io.pluginkit.runtime.internal.template;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.StringReader;
import java.net.URL;
import java.nio.charset.StandardCharsets;

import io.pebbletemplates.pebble.error.LoaderException;
import io.pebbletemplates.pebble.loader.Loader;

/**
 * Pebble's loader for one plugin: a name is a path inside its bundle's {@code templates/}; names
 * under {@code pluginkit/} are the runtime's own layouts. It can reach nothing else: no other
 * plugin's bundle, no file system, no class path. Relative names in {@code include}/{@code extends}
 * resolve against the including template's folder, then are checked like any other.
 */
final class TemplateLoader implements Loader<String> {

	static final String FOLDER = "templates/";

	private final TemplateSource plugin;
	private final TemplateSource runtime;

	TemplateLoader(TemplateSource plugin, TemplateSource runtime) {
		this.plugin = plugin;
		this.runtime = runtime;
	}

	@Override
	public Reader getReader(String name) {
		String problem = TemplateNames.problem(name);
		if (problem != null) {
			throw new LoaderException(null, problem);
		}
		URL url = url(name);
		if (url == null) {
			throw new LoaderException(null, "template '" + name + "' not found: there is no " + FOLDER + name + " in "
				+ (name.startsWith(TemplateNames.RUNTIME_PREFIX) ? "the runtime" : "plugin '" + plugin.plugin() + "'")
				+ "'s bundle");
		}
		try {
			return new StringReader(new String(url.openStream().readAllBytes(), StandardCharsets.UTF_8));
		} catch (IOException e) {
			throw new LoaderException(e, "cannot read " + FOLDER + name + " of plugin '" + plugin.plugin() + "': " + e);
		}
	}

	private URL url(String name) {
		TemplateSource from = name.startsWith(TemplateNames.RUNTIME_PREFIX) && runtime != null ? runtime : plugin;
		return from.entries().apply(FOLDER + name);
	}

	@Override
	public void setCharset(String charset) {
		// always UTF-8
	}

	@Override
	public void setPrefix(String prefix) {
		// always templates/
	}

	@Override
	public void setSuffix(String suffix) {
		// names are full file names
	}

	@Override
	public String resolveRelativePath(String relativePath, String anchorPath) {
		if (relativePath != null && (relativePath.startsWith("./") || relativePath.startsWith("../")) && anchorPath != null) {
			int slash = anchorPath.lastIndexOf('/');
			String folder = slash < 0 ? "" : anchorPath.substring(0, slash + 1);
			String joined = folder + relativePath;
			StringBuilder out = new StringBuilder();
			java.util.ArrayDeque<String> parts = new java.util.ArrayDeque<>();
			for (String s : joined.split("/")) {
				if (s.equals("..")) {
					if (parts.isEmpty()) {
						return relativePath; // leaves templates/: refused by getReader
					}
					parts.removeLast();
				} else if (!s.equals(".") && !s.isEmpty()) {
					parts.addLast(s);
				}
			}
			for (String p : parts) {
				out.append(out.length() == 0 ? "" : "/").append(p);
			}
			return out.toString();
		}
		return null;
	}

	@Override
	public String createCacheKey(String templateName) {
		return templateName;
	}

	@Override
	public boolean resourceExists(String templateName) {
		return TemplateNames.problem(templateName) == null && url(templateName) != null;
	}
}
