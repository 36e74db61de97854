package io.pluginkit.runtime.internal.background;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.pluginkit.api.background.BackgroundService;
import io.pluginkit.runtime.internal.contrib.Contribution;
import io.pluginkit.runtime.internal.contrib.ContributionReport;
import io.pluginkit.runtime.internal.registry.PluginProblems;
import io.pluginkit.runtime.internal.registry.PluginRegistry;
import io.pluginkit.runtime.internal.settings.Configured;

/**
 * The background extension point: a {@link BackgroundRunner} for each {@link BackgroundService}
 * of an enabled plugin, started when the service appears and stopped (cancelled, joined for at most
 * {@value #STOP_WAIT_MILLIS} ms, closed) when it goes, on the thread that stops the plugin, so a
 * disable returns after its background work ended. Settings: PID {@code pluginkit.background}.
 */
@Designate(ocd = BackgroundServices.Config.class)
@Component(service = { BackgroundServices.class, ContributionReport.class }, configurationPid = "pluginkit.background",
	immediate = true)
public final class BackgroundServices implements ContributionReport {

	/** PID {@code pluginkit.background}; each setting falls back to its {@code -D} property. */
	@ObjectClassDefinition(name = "PluginKit background services", description = "Restarts of crashed background services.")
	public @interface Config {
		@AttributeDefinition(description = "Milliseconds before the first restart of a crashed service (doubles each time)")
		long pluginkit_background_backoff_ms() default DEFAULT_BACKOFF_MILLIS;

		@AttributeDefinition(description = "Longest wait between two restarts, in milliseconds")
		long pluginkit_background_backoff_max_ms() default DEFAULT_MAX_BACKOFF_MILLIS;
	}

	static final long DEFAULT_BACKOFF_MILLIS = 1000;
	static final long DEFAULT_MAX_BACKOFF_MILLIS = 60_000;
	static final long STOP_WAIT_MILLIS = 1000;
	/** Service property of a {@link BackgroundService}: its own first backoff, in milliseconds. */
	static final String BACKOFF = "pluginkit.background.backoff.ms";

	private static final Logger LOG = LoggerFactory.getLogger(BackgroundServices.class);

	private record Running(Contribution<BackgroundService> contribution, BackgroundRunner runner) {
	}

	private final BundleContext context;
	private final PluginProblems problems;
	private final PluginRegistry registry;
	private final Map<Long, Running> byService = new ConcurrentHashMap<>();
	/** What stopped services left behind, by bundle: shown by plugin:info until the bundle goes. */
	private final Map<Long, List<String>> leftBehind = new ConcurrentHashMap<>();
	private volatile long backoffMillis;
	private volatile long maxBackoffMillis;

	@Activate
	public BackgroundServices(BundleContext context, @Reference PluginProblems problems,
		@Reference PluginRegistry registry, Map<String, Object> configuration) {
		this.context = context;
		this.problems = problems;
		this.registry = registry;
		modified(configuration);
	}

	@Modified
	void modified(Map<String, Object> configuration) {
		backoffMillis = number(configuration, BACKOFF, DEFAULT_BACKOFF_MILLIS);
		maxBackoffMillis = number(configuration, "pluginkit.background.backoff.max.ms", DEFAULT_MAX_BACKOFF_MILLIS);
	}

	@Deactivate
	void deactivate() {
		for (Running r : byService.values()) {
			r.runner().stop(STOP_WAIT_MILLIS);
		}
		byService.clear();
	}

	@Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
		policyOption = ReferencePolicyOption.GREEDY)
	void addService(BackgroundService service, ServiceReference<BackgroundService> ref) {
		Contribution<BackgroundService> c = Contribution.of(service, ref);
		long backoff = ownBackoff(c.property(BACKOFF));
		BackgroundRunner runner = new BackgroundRunner(service, c.className(), pluginName(c.bundleId()), c.bundleId(),
			problems, backoff, Math.max(backoff, maxBackoffMillis));
		leftBehind.remove(c.bundleId());
		byService.put(c.serviceId(), new Running(c, runner));
		runner.start();
	}

	void removeService(BackgroundService service, ServiceReference<BackgroundService> ref) {
		Running gone = byService.remove((Long) ref.getProperty(org.osgi.framework.Constants.SERVICE_ID));
		if (gone == null) {
			return;
		}
		String left = gone.runner().stop(STOP_WAIT_MILLIS);
		if (left != null) {
			leftBehind.computeIfAbsent(gone.contribution().bundleId(), id -> new CopyOnWriteArrayList<>()).add(left);
		}
	}

	private long ownBackoff(Object value) {
		if (value != null) {
			try {
				long n = Long.parseLong(String.valueOf(value).trim());
				if (n > 0) {
					return n;
				}
			} catch (NumberFormatException e) {
				// the default below
			}
			LOG.warn("{}={} is not a positive number of milliseconds; using {}", BACKOFF, value, backoffMillis);
		}
		return backoffMillis;
	}

	private String pluginName(long bundleId) {
		return registry.pluginName(bundleId).orElseGet(() -> {
			// a plugin that is starting is not in the registry's snapshot yet: its manifest says
			Bundle b = context.getBundle(bundleId);
			String name = b == null ? null : b.getHeaders("").get("Plugin-Name");
			return name != null ? name.trim() : b == null ? "bundle " + bundleId : b.getSymbolicName();
		});
	}

	@Override
	public List<String> describe(long bundleId) {
		List<String> result = new ArrayList<>();
		byService.values().stream().filter(r -> r.contribution().bundleId() == bundleId)
			.sorted(Comparator.comparing(Running::contribution, Contribution.ORDER))
			.forEach(r -> result.add(r.runner().describe()));
		return result;
	}

	@Override
	public List<String> metrics(long bundleId) {
		List<String> result = new ArrayList<>();
		for (Running r : byService.values()) {
			if (r.contribution().bundleId() == bundleId && r.runner().crashes() > 0) {
				result.add(r.runner().what + " crashes: " + r.runner().crashes());
			}
		}
		result.addAll(leftBehind.getOrDefault(bundleId, List.of()));
		return result;
	}

	private long number(Map<String, Object> configuration, String key, long otherwise) {
		String value = Configured.value(configuration, context, key);
		if (value == null) {
			return otherwise;
		}
		try {
			long n = Long.parseLong(value);
			if (n > 0) {
				return n;
			}
		} catch (NumberFormatException e) {
			// said below
		}
		LOG.warn("{}={} is not a positive number of milliseconds; using {}", key, value, otherwise);
		return otherwise;
	}

	/** What each live background service counted, for {@code /metrics}. */
	public List<io.pluginkit.runtime.internal.contrib.Counted> counted() {
		List<io.pluginkit.runtime.internal.contrib.Counted> result = new ArrayList<>();
		for (Running r : byService.values()) {
			result.add(new io.pluginkit.runtime.internal.contrib.Counted(r.contribution().bundleId(), r.runner().what,
				Map.of("restarts", (long) r.runner().restarts(), "crashes", r.runner().crashes())));
		}
		return result;
	}
}
