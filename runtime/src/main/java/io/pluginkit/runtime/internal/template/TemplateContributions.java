package io.pluginkit.runtime.internal.template;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.pluginkit.api.template.TemplateContextProcessor;
import io.pluginkit.api.template.TemplateExtension;
import io.pluginkit.api.template.TemplateFilter;
import io.pluginkit.api.template.TemplateFilterName;
import io.pluginkit.api.template.TemplateFunction;
import io.pluginkit.api.template.TemplateFunctionName;
import io.pluginkit.api.template.TemplatePoint;
import io.pluginkit.runtime.internal.contrib.Contribution;
import io.pluginkit.runtime.internal.contrib.Preprocessors;
import io.pluginkit.runtime.internal.contrib.ProcessedContributions;

/**
 * The four template extension points, each held through the {@code contrib} package (ranking then
 * install order, copy-on-write, passed through the {@code p3} processors under the names
 * {@code template.extension}, {@code template.filter}, {@code template.function},
 * {@code template.context}), and what {@code plugin:info} says about them.
 */
final class TemplateContributions {

	static final String EXTENSION = "template.extension";
	static final String FILTER = "template.filter";
	static final String FUNCTION = "template.function";
	static final String CONTEXT = "template.context";

	final ProcessedContributions<TemplateExtension> extensions;
	final ProcessedContributions<TemplateFilter> filters;
	final ProcessedContributions<TemplateFunction> functions;
	final ProcessedContributions<TemplateContextProcessor> contexts;

	TemplateContributions(Preprocessors preprocessors) {
		extensions = new ProcessedContributions<>(EXTENSION, TemplateExtension.class, preprocessors);
		filters = new ProcessedContributions<>(FILTER, TemplateFilter.class, preprocessors);
		functions = new ProcessedContributions<>(FUNCTION, TemplateFunction.class, preprocessors);
		contexts = new ProcessedContributions<>(CONTEXT, TemplateContextProcessor.class, preprocessors);
	}

	void close() {
		extensions.close();
		filters.close();
		functions.close();
		contexts.close();
	}

	/** The filters live now, by name: the first in order wins a name. */
	static Map<String, Contribution<TemplateFilter>> byName(Contribution<TemplateFilter>[] filters) {
		Map<String, Contribution<TemplateFilter>> result = new LinkedHashMap<>();
		for (Contribution<TemplateFilter> f : filters) {
			for (String name : names(f.property(TemplateFilterName.NAME))) {
				result.putIfAbsent(name, f);
			}
		}
		return result;
	}

	/** The values of a String or String[] property. */
	static List<String> names(Object property) {
		if (property instanceof String s) {
			return List.of(s);
		}
		if (property instanceof String[] a) {
			return List.of(a);
		}
		return List.of();
	}

	/** One line per contribution of the bundle, in a user's words. */
	List<String> describe(long bundleId) {
		List<String> result = new ArrayList<>();
		Contribution<TemplateExtension>[] teps = extensions.snapshot();
		for (Contribution<TemplateExtension> c : teps) {
			if (c.bundleId() == bundleId) {
				for (String point : names(c.property(TemplatePoint.NAME))) {
					result.add("template point " + point + ": " + c.className() + " (position " + position(teps, c, point)
						+ ", ranking " + c.ranking() + ")");
				}
			}
		}
		Map<String, Contribution<TemplateFilter>> winners = byName(filters.snapshot());
		for (Contribution<TemplateFilter> c : filters.snapshot()) {
			if (c.bundleId() == bundleId) {
				for (String name : names(c.property(TemplateFilterName.NAME))) {
					Contribution<TemplateFilter> winner = winners.get(name);
					result.add("template filter " + name + ": " + c.className() + " (ranking " + c.ranking()
						+ (winner == c ? "" : "; hidden by " + winner.className() + " of bundle " + winner.bundleId()) + ")");
				}
			}
		}
		for (Contribution<TemplateFunction> c : functions.snapshot()) {
			if (c.bundleId() == bundleId) {
				result.add("template function " + names(c.property(TemplateFunctionName.NAME)) + ": " + c.className()
					+ " (ranking " + c.ranking() + ")");
			}
		}
		for (Contribution<TemplateContextProcessor> c : contexts.snapshot()) {
			if (c.bundleId() == bundleId) {
				result.add("template context processor " + c.className() + " (ranking " + c.ranking() + ")");
			}
		}
		return result;
	}

	private static String position(Contribution<TemplateExtension>[] all, Contribution<TemplateExtension> c, String point) {
		int at = 0;
		int of = 0;
		for (Contribution<TemplateExtension> x : all) {
			if (names(x.property(TemplatePoint.NAME)).contains(point)) {
				of++;
				if (x == c) {
					at = of;
				}
			}
		}
		return at + " of " + of;
	}
}
