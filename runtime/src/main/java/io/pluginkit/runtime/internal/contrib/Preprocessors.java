package io.pluginkit.runtime.internal.contrib;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.LongFunction;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.pluginkit.api.preprocess.ContributionProcessor;
import io.pluginkit.api.preprocess.ProcessesContributions;
import io.pluginkit.api.preprocess.Proposal;

/**
 * The enabled plugins' {@link ContributionProcessor}s ({@code p3}), applied by
 * {@link ProcessedContributions} to other plugins' contributions before they go live. Remembers the
 * vetoes of the last pass of each point, so that {@code plugin:info} shows them for the plugin
 * vetoed and for the plugin that vetoed. When processors come or go, every point processes its
 * contributions again ({@link #onChange}).
 */
@Component(service = { Preprocessors.class, ContributionReport.class },
	property = Constants.SERVICE_RANKING + ":Integer=40")
public final class Preprocessors implements ContributionReport {

	private static final Logger LOG = LoggerFactory.getLogger(Preprocessors.class);
	static final String POINT = ProcessesContributions.PREFIX_ + "point";
	static final String PLUGIN = ProcessesContributions.PREFIX_ + "plugin";

	/** A contribution kept from going live. */
	record Veto(String point, Contribution<?> vetoed, String vetoedPlugin, Contribution<?> by, String byPlugin,
		String reason) {
	}

	private final Contributions<ContributionProcessor> processors = new Contributions<>();
	private final Map<String, List<Veto>> vetoes = new ConcurrentHashMap<>();
	private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
	private final LongFunction<String> pluginNames;

	@Activate
	public Preprocessors(BundleContext context) {
		this(id -> {
			Bundle b = context.getBundle(id);
			String name = b == null ? null : b.getHeaders("").get("Plugin-Name");
			return name == null ? "bundle " + id : name.trim();
		});
	}

	/** For tests: plugin names from a function. */
	public Preprocessors(LongFunction<String> pluginNames) {
		this.pluginNames = pluginNames;
	}

	@Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
		policyOption = ReferencePolicyOption.GREEDY, updated = "updatedProcessor")
	void addProcessor(ContributionProcessor processor, ServiceReference<ContributionProcessor> ref) {
		processors.add(processor, ref);
		changed();
	}

	void updatedProcessor(ServiceReference<ContributionProcessor> ref) {
		processors.updated(ref);
		changed();
	}

	void removeProcessor(ServiceReference<ContributionProcessor> ref) {
		if (processors.remove(ref) != null) {
			changed();
		}
	}

	/** For tests and the DS methods: a processor as a contribution. */
	public void add(Contribution<ContributionProcessor> processor) {
		processors.addContribution(processor);
		changed();
	}

	/** Calls {@code listener} (on the changing thread) whenever the processors change. */
	public void onChange(Runnable listener) {
		listeners.add(listener);
	}

	public void removeListener(Runnable listener) {
		listeners.remove(listener);
	}

	private void changed() {
		for (Runnable r : listeners) {
			try {
				r.run();
			} catch (RuntimeException e) {
				LOG.error("re-processing contributions after a processor change failed: {}", e.toString(), e);
			}
		}
	}

	/** The plugin name of a bundle, as processors target it. */
	String pluginName(long bundleId) {
		return pluginNames.apply(bundleId);
	}

	/**
	 * Runs the processors of {@code point} over {@code raw}: the contributions that go live, in
	 * order, with the replacements made; vetoed ones are left out and remembered.
	 */
	@SuppressWarnings("unchecked")
	<T> Contribution<T>[] process(String point, Class<T> type, Contribution<T>[] raw) {
		Contribution<ContributionProcessor>[] all = processors.snapshot();
		List<Veto> vetoed = new ArrayList<>();
		if (all.length == 0 || raw.length == 0) {
			vetoes.remove(point);
			return raw;
		}
		List<Contribution<T>> live = new ArrayList<>(raw.length);
		for (Contribution<T> c : raw) {
			String plugin = pluginName(c.bundleId());
			T service = c.service();
			Veto veto = null;
			for (Contribution<ContributionProcessor> p : all) {
				if (p.bundleId() == c.bundleId() || !matches(p.property(POINT), point)
					|| p.property(PLUGIN) != null && !matches(p.property(PLUGIN), plugin)) {
					continue;
				}
				Pass<T> pass = new Pass<>(plugin, point, c.properties(), service, type);
				try {
					p.service().process(pass);
				} catch (Throwable t) {
					LOG.error("contribution processor {} of plugin '{}' threw on {} {} of plugin '{}'; it is left as it was: {}",
						p.className(), pluginName(p.bundleId()), point, c.className(), plugin, t.toString(), t);
					continue;
				}
				service = pass.service;
				if (pass.vetoReason != null) {
					veto = new Veto(point, c, plugin, p, pluginName(p.bundleId()), pass.vetoReason);
					break;
				}
			}
			if (veto != null) {
				vetoed.add(veto);
			} else {
				live.add(service == c.service() ? c
					: new Contribution<>(service, c.serviceId(), c.bundleId(), c.ranking(), c.properties()));
			}
		}
		if (vetoed.isEmpty()) {
			vetoes.remove(point);
		} else {
			vetoes.put(point, List.copyOf(vetoed));
			vetoed.forEach(v -> LOG.info("{} {} of plugin '{}' vetoed by plugin '{}' ({}): {}", point, v.vetoed().className(),
				v.vetoedPlugin(), v.byPlugin(), v.by().className(), v.reason()));
		}
		return live.toArray(new Contribution[0]);
	}

	/** Forgets the vetoes of a point that is gone. */
	void forget(String point) {
		vetoes.remove(point);
	}

	private static boolean matches(Object property, String value) {
		if (property instanceof String s) {
			return s.equals(value);
		}
		if (property instanceof String[] a) {
			for (String s : a) {
				if (s.equals(value)) {
					return true;
				}
			}
			return false;
		}
		if (property instanceof Collection<?> c) {
			return c.contains(value);
		}
		return false;
	}

	@Override
	public List<String> describe(long bundleId) {
		List<String> result = new ArrayList<>();
		for (Contribution<ContributionProcessor> p : processors.ofBundle(bundleId)) {
			result.add("contribution processor " + p.className() + " for " + list(p.property(POINT))
				+ (p.property(PLUGIN) == null ? " of every other plugin" : " of plugin " + list(p.property(PLUGIN))));
		}
		for (List<Veto> list : vetoes.values()) {
			for (Veto v : list) {
				if (v.vetoed().bundleId() == bundleId) {
					result.add("vetoed: " + v.point() + " " + v.vetoed().className() + " by plugin '" + v.byPlugin()
						+ "' (" + v.by().className() + "): " + v.reason());
				}
				if (v.by().bundleId() == bundleId) {
					result.add("vetoes: " + v.point() + " " + v.vetoed().className() + " of plugin '" + v.vetoedPlugin()
						+ "': " + v.reason());
				}
			}
		}
		return result;
	}

	private static String list(Object property) {
		if (property instanceof String[] a) {
			return String.join(", ", a);
		}
		return String.valueOf(property);
	}

	/** One processor's look at one contribution. */
	private static final class Pass<T> implements Proposal {
		private final String plugin;
		private final String point;
		private final Map<String, Object> properties;
		private final Class<T> type;
		T service;
		String vetoReason;

		Pass(String plugin, String point, Map<String, Object> properties, T service, Class<T> type) {
			this.plugin = plugin;
			this.point = point;
			this.properties = properties;
			this.service = service;
			this.type = type;
		}

		@Override
		public String plugin() {
			return plugin;
		}

		@Override
		public String point() {
			return point;
		}

		@Override
		public Map<String, Object> properties() {
			return properties;
		}

		@Override
		public Object service() {
			return service;
		}

		@Override
		public void veto(String reason) {
			vetoReason = reason == null || reason.isBlank() ? "no reason given" : reason;
		}

		@Override
		public void replace(Object replacement) {
			if (!type.isInstance(replacement)) {
				throw new IllegalArgumentException("a " + point + " must be replaced by a " + type.getName() + ", not "
					+ (replacement == null ? "null" : replacement.getClass().getName()));
			}
			service = type.cast(replacement);
		}
	}
}
