package io.pluginkit.runtime.internal.template;

import java.io.StringWriter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.pebbletemplates.pebble.PebbleEngine;
import io.pebbletemplates.pebble.extension.AbstractExtension;
import io.pebbletemplates.pebble.extension.Extension;
import io.pebbletemplates.pebble.extension.ExtensionCustomizer;
import io.pebbletemplates.pebble.extension.Filter;
import io.pebbletemplates.pebble.extension.Function;
import io.pebbletemplates.pebble.extension.escaper.SafeString;
import io.pebbletemplates.pebble.error.PebbleException;
import io.pebbletemplates.pebble.template.EvaluationContext;
import io.pebbletemplates.pebble.template.PebbleTemplate;
import io.pluginkit.api.template.Html;
import io.pluginkit.api.template.TemplateContextProcessor;
import io.pluginkit.api.template.TemplateException;
import io.pluginkit.api.template.TemplateExtension;
import io.pluginkit.api.template.TemplateFilter;
import io.pluginkit.api.template.TemplateFunction;
import io.pluginkit.api.template.TemplateFunctionName;
import io.pluginkit.api.template.TemplatePoint;
import io.pluginkit.runtime.internal.contrib.Contribution;

/**
 * Renders templates: one Pebble engine per plugin (its own loader, so that its templates can only
 * name its own files and the runtime's {@code pluginkit/} layouts), HTML autoescaping on, with
 * {@code emit_tep}, {@code emit_dcp}, {@code emit_assets}, the live filters and the context
 * processors' variables. An engine (with its compiled templates) is built on first use and
 * built again when its plugin's bundle was updated or the set of filters changed; {@link #drop}
 * forgets it when the plugin goes away.
 * <p>
 * A contribution that fails (a fragment that does not render, a function or context processor
 * that throws) is left out of the page and logged once per contribution; a page that fails throws
 * a {@link TemplateException} naming the plugin and the template.
 */
final class TemplateRenderer {

	private static final Logger LOG = LoggerFactory.getLogger(TemplateRenderer.class);

	/** What the renderer asks about plugins, live. */
	interface Plugins {

		/** The templates of an enabled plugin's bundle, or {@code null} when it is not one (any more). */
		TemplateSource source(long bundleId);

		/** Whether a plugin of that name is enabled now. */
		boolean enabled(String plugin);
	}

	private record Engine(TemplateSource source, Contribution<TemplateFilter>[] filters, PebbleEngine pebble) {
	}

	private final TemplateSource runtime;
	private final TemplateContributions contributions;
	private final Plugins plugins;
	private final RenderLimits limits;
	private final Map<Long, Engine> engines = new ConcurrentHashMap<>();
	/** Contributions whose failure was logged, by service id: each is logged once. */
	private final Set<Long> complained = ConcurrentHashMap.newKeySet();

	TemplateRenderer(TemplateSource runtime, TemplateContributions contributions, Plugins plugins, RenderLimits limits) {
		this.runtime = runtime;
		this.contributions = contributions;
		this.plugins = plugins;
		this.limits = limits;
	}

	/** Renders a template of {@code source}'s {@code templates/} folder. */
	String render(TemplateSource source, String template, Map<String, ?> context) {
		String problem = TemplateNames.problem(template);
		if (problem != null) {
			throw new TemplateException(source.plugin(), template, problem, null);
		}
		Engine engine = engine(source);
		return evaluate(source, template, () -> engine.pebble().getTemplate(template), context);
	}

	/**
	 * Renders what a {@link TemplateExtension} gave: a template of its plugin when the name ends
	 * with {@code .html}, {@code .htm} or {@code .xhtml}, else template source.
	 */
	String renderContent(TemplateSource source, String content, Map<String, ?> context) {
		if (content == null || content.isEmpty()) {
			return "";
		}
		if (content.endsWith(".html") || content.endsWith(".htm") || content.endsWith(".xhtml")) {
			return render(source, content, context);
		}
		Engine engine = engine(source);
		return evaluate(source, "(inline template)", () -> engine.pebble().getLiteralTemplate(content), context);
	}

	/** Forgets the engine of a bundle and its compiled templates. */
	void drop(long bundleId) {
		engines.remove(bundleId);
	}

	/** How many plugins have an engine now. */
	int engines() {
		return engines.size();
	}

	/** Whether the engine of a bundle is built (its templates cached). */
	boolean cached(long bundleId) {
		return engines.containsKey(bundleId);
	}

	private interface Compile {
		PebbleTemplate get();
	}

	private String evaluate(TemplateSource source, String name, Compile compile, Map<String, ?> context) {
		limits.enter();
		try {
			PebbleTemplate template = compile.get();
			StringWriter out = new StringWriter(2048);
			template.evaluate(limits.bounded(out), variables(context));
			return out.toString();
		} catch (TemplateException e) {
			throw e;
		} catch (StackOverflowError e) {
			throw new TemplateException(source.plugin(), name,
				"recursion too deep: does a template include, extend or call itself without end?", null);
		} catch (Throwable t) {
			throw new TemplateException(source.plugin(), name, problem(t), t);
		} finally {
			limits.exit();
		}
	}

	/** The clearest message in a failure: a limit's, else Pebble's (which gives the file and line). */
	private static String problem(Throwable t) {
		for (Throwable c = t; c != null; c = c.getCause()) {
			if (c instanceof RenderLimits.Exceeded || c instanceof RenderLimits.LimitError) {
				return c.getMessage();
			}
		}
		String message = t.getMessage();
		return message == null ? t.toString() : message;
	}

	private Map<String, Object> variables(Map<String, ?> context) {
		Map<String, Object> vars = new HashMap<>();
		for (Contribution<TemplateContextProcessor> c : contributions.contexts.snapshot()) {
			try {
				Map<String, ?> more = c.service().variables();
				if (more != null) {
					vars.putAll(more);
				}
			} catch (Throwable t) {
				complain(c, "template context processor", t);
			}
		}
		if (context != null) {
			vars.putAll(context);
		}
		return vars;
	}

	private void complain(Contribution<?> c, String what, Throwable t) {
		if (complained.add(c.serviceId())) {
			LOG.error("{} {} of bundle {} failed and is left out of the page (logged once): {}", what, c.className(),
				c.bundleId(), problem(t));
		}
	}

	private Engine engine(TemplateSource source) {
		Contribution<TemplateFilter>[] filters = contributions.filters.snapshot();
		Engine e = engines.get(source.bundleId());
		if (e != null && e.source().revision() == source.revision() && e.filters() == filters) {
			return e;
		}
		PebbleEngine pebble = new PebbleEngine.Builder()
			.loader(new TemplateLoader(source, runtime))
			.autoEscaping(true)
			.strictVariables(false)
			.maxRenderedSize(limits.maxChars * 2) // a net for buffers the bounded writer does not see
			.extension(new Emitters(filters))
			.registerExtensionCustomizer(RangeGuard::new)
			.build();
		e = new Engine(source, filters, pebble);
		engines.put(source.bundleId(), e);
		return e;
	}

	/** Pebble's {@code range} replaced by the bounded one. */
	private final class RangeGuard extends ExtensionCustomizer {
		RangeGuard(Extension delegate) {
			super(delegate);
		}

		@Override
		public Map<String, Function> getFunctions() {
			Map<String, Function> functions = super.getFunctions();
			if (functions == null || !functions.containsKey("range")) {
				return functions;
			}
			Map<String, Function> guarded = new HashMap<>(functions);
			guarded.put("range", limits.range(functions.get("range")));
			return guarded;
		}
	}

	/** Positional arguments as Pebble passes them to a function without declared names: "0", "1", ... */
	private static List<Object> positional(Map<String, Object> args, int from) {
		List<Object> result = new ArrayList<>();
		for (int i = from; args.containsKey(Integer.toString(i)); i++) {
			Object v = args.get(Integer.toString(i));
			result.add(v instanceof SafeString s ? new Html(s.toString()) : v);
		}
		return result;
	}

	/** The functions and filters every template of an engine has. */
	private final class Emitters extends AbstractExtension {
		private final Map<String, Filter> filters = new LinkedHashMap<>();

		Emitters(Contribution<TemplateFilter>[] live) {
			TemplateContributions.byName(live).forEach((name, c) -> filters.put(name, filter(name, c)));
		}

		@Override
		public Map<String, Filter> getFilters() {
			return filters;
		}

		@Override
		public Map<String, Function> getFunctions() {
			return Map.of("emit_tep", (Positional) this::emitTep, "emit_dcp", (Positional) this::emitDcp,
				"emit_assets", (Positional) this::emitAssets);
		}

		private Filter filter(String name, Contribution<TemplateFilter> c) {
			return new Filter() {
				@Override
				public Object apply(Object input, Map<String, Object> args, PebbleTemplate self, EvaluationContext context,
					int line) {
					try {
						Object result = c.service().apply(input instanceof SafeString s ? new Html(s.toString()) : input,
							positional(args, 0));
						return result instanceof Html h ? new SafeString(h.html()) : result;
					} catch (Exception e) {
						throw new PebbleException(e, "filter '" + name + "' (" + c.className() + " of bundle " + c.bundleId()
							+ ") threw " + e, line, self.getName());
					}
				}

				@Override
				public List<String> getArgumentNames() {
					return null;
				}
			};
		}

		private Object emitTep(Map<String, Object> args, PebbleTemplate self, EvaluationContext context, int line) {
			String point = String.valueOf(args.get("0"));
			Map<String, ?> extra = args.get("1") instanceof Map<?, ?> m ? stringKeys(m) : Map.of();
			StringBuilder html = new StringBuilder();
			for (Contribution<TemplateExtension> c : contributions.extensions.snapshot()) {
				if (!TemplateContributions.names(c.property(TemplatePoint.NAME)).contains(point)) {
					continue;
				}
				TemplateSource source = plugins.source(c.bundleId());
				if (source == null) {
					continue; // its plugin is going away: not on this page any more
				}
				try {
					html.append(renderContent(source, c.service().content(), extra));
				} catch (Throwable t) {
					complain(c, "template point " + point + ":", t);
					html.append("<!-- emit_tep(").append(Html.escape(point)).append("): a contribution of plugin '")
						.append(Html.escape(source.plugin())).append("' failed -->");
				}
			}
			return new SafeString(html.toString());
		}

		private Object emitDcp(Map<String, Object> args, PebbleTemplate self, EvaluationContext context, int line) {
			String name = String.valueOf(args.get("0"));
			List<Object> rest = positional(args, 1);
			StringBuilder html = new StringBuilder();
			for (Contribution<TemplateFunction> c : contributions.functions.snapshot()) {
				if (!TemplateContributions.names(c.property(TemplateFunctionName.NAME)).contains(name)
					|| plugins.source(c.bundleId()) == null) {
					continue;
				}
				try {
					Object result = c.service().call(rest);
					if (result != null) {
						html.append(result);
					}
				} catch (Throwable t) {
					complain(c, "template function " + name + ":", t);
				}
			}
			return new SafeString(html.toString());
		}

		private Object emitAssets(Map<String, Object> args, PebbleTemplate self, EvaluationContext context, int line) {
			String plugin = String.valueOf(args.get("0"));
			String file = String.valueOf(args.get("1"));
			if (!plugin.matches("[a-z][a-z0-9._-]{0,63}") || TemplateNames.problem(file) != null
				|| !plugins.enabled(plugin)) {
				return "";
			}
			String url = "/static/" + plugin + "/" + file;
			if (file.endsWith(".css")) {
				return new SafeString("<link rel=\"stylesheet\" href=\"" + Html.escape(url) + "\">");
			}
			if (file.endsWith(".js") || file.endsWith(".mjs")) {
				return new SafeString("<script src=\"" + Html.escape(url) + "\"></script>");
			}
			return url;
		}
	}

	private static Map<String, Object> stringKeys(Map<?, ?> m) {
		Map<String, Object> result = new HashMap<>();
		m.forEach((k, v) -> result.put(String.valueOf(k), v));
		return result;
	}

	/** A function of positional arguments only. */
	@FunctionalInterface
	private interface Positional extends Function {
		@Override
		default List<String> getArgumentNames() {
			return null;
		}
	}
}
