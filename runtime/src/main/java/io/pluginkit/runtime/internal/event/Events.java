package io.pluginkit.runtime.internal.event;

import java.util.List;
import java.util.Map;

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

import io.pluginkit.api.event.EventListener;
import io.pluginkit.api.event.MonitoringPoints;
import io.pluginkit.api.event.PluginLifecycle;
import io.pluginkit.runtime.internal.contrib.Contribution;
import io.pluginkit.runtime.internal.contrib.ContributionReport;
import io.pluginkit.runtime.internal.registry.PluginProblems;
import io.pluginkit.runtime.internal.registry.PluginRegistry;
import io.pluginkit.runtime.internal.settings.Configured;

/**
 * The events extension point: every {@link EventListener} of an enabled plugin is on the
 * {@link EventBus} while it is registered; the runtime's publishers ({@code EventPublisher},
 * lifecycle, monitoring, {@code /api/events}) publish through {@link #publish}. Settings: PID
 * {@code pluginkit.events}, each with its {@code -D} fallback.
 */
@Designate(ocd = Events.Config.class)
@Component(service = { Events.class, ContributionReport.class }, configurationPid = "pluginkit.events", immediate = true)
public final class Events implements ContributionReport {

	/** PID {@code pluginkit.events}; each setting falls back to its {@code -D} property. */
	@ObjectClassDefinition(name = "PluginKit events", description = "Event delivery to plugin listeners.")
	public @interface Config {
		@AttributeDefinition(description = "Milliseconds a listener may take on one event before its plugin is "
			+ "quarantined, unless the listener sets pluginkit.event.timeout.ms")
		long pluginkit_event_timeout_ms() default DEFAULT_TIMEOUT_MILLIS;

		@AttributeDefinition(description = "Events that may wait for one listener before new ones are dropped, "
			+ "unless the listener sets pluginkit.event.queue")
		int pluginkit_event_queue() default DEFAULT_QUEUE;

		@AttributeDefinition(description = "Milliseconds between two batches of pluginkit/monitoring points")
		long pluginkit_monitoring_batch_ms() default RequestMonitoring.DEFAULT_BATCH_MILLIS;
	}

	static final long DEFAULT_TIMEOUT_MILLIS = 10_000;
	static final int DEFAULT_QUEUE = 10_000;
	/** The runtime's own source name, on the events it publishes. */
	static final String RUNTIME = "pluginkit";

	private static final Logger LOG = LoggerFactory.getLogger(Events.class);

	private final BundleContext context;
	private final PluginRegistry registry;
	private final EventBus bus;

	@Activate
	public Events(BundleContext context, @Reference PluginProblems problems, @Reference PluginRegistry registry,
		Map<String, Object> configuration) {
		this.context = context;
		this.registry = registry;
		this.bus = new EventBus(problems, this::pluginName, queue(configuration), timeout(configuration));
	}

	@Modified
	void modified(Map<String, Object> configuration) {
		bus.defaults(queue(configuration), timeout(configuration));
	}

	@Deactivate
	void deactivate() {
		bus.close();
	}

	@Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
		policyOption = ReferencePolicyOption.GREEDY)
	void addListener(EventListener listener, ServiceReference<EventListener> ref) {
		bus.add(Contribution.of(listener, ref));
	}

	void removeListener(EventListener listener, ServiceReference<EventListener> ref) {
		Contribution<EventListener> gone = Contribution.of(listener, ref);
		bus.remove(gone.serviceId());
		bus.forgetProblem(gone);
	}

	/**
	 * Publishes on a valid topic; the runtime's own topics only from the runtime.
	 *
	 * @throws IllegalArgumentException for an invalid topic, or a runtime topic from elsewhere
	 */
	public int publish(String topic, String source, Object payload) {
		String problem = Topics.problem(topic);
		if (problem != null) {
			throw new IllegalArgumentException(problem);
		}
		if (!RUNTIME.equals(source) && reserved(topic)) {
			throw new IllegalArgumentException("topic '" + topic + "' is published by PluginKit itself");
		}
		return bus.publish(topic, source, payload);
	}

	/** Whether a listener receives {@code topic} now. */
	public boolean hasListeners(String topic) {
		return bus.hasListeners(topic);
	}

	/** Figures of a bundle's listeners: delivered, failed, dropped (queue full), dropped (stopped). */
	public long[] counts(long bundleId) {
		return bus.counts(bundleId);
	}

	static boolean reserved(String topic) {
		return topic.equals(PluginLifecycle.TOPIC) || topic.equals(MonitoringPoints.TOPIC);
	}

	/** The plugin's name for a bundle, else what names the bundle. */
	String pluginName(long bundleId) {
		if (bundleId == context.getBundle().getBundleId()) {
			return RUNTIME;
		}
		return registry.pluginName(bundleId).orElseGet(() -> nameOf(context.getBundle(bundleId), bundleId));
	}

	/**
	 * A bundle's {@code Plugin-Name} from its manifest (a plugin that is starting is not in the
	 * registry's snapshot yet), else its symbolic name.
	 */
	static String nameOf(Bundle b, long bundleId) {
		if (b == null) {
			return "bundle " + bundleId;
		}
		String name = b.getHeaders("").get("Plugin-Name");
		return name != null && !name.isBlank() ? name.trim() : b.getSymbolicName();
	}

	@Override
	public List<String> describe(long bundleId) {
		return bus.describe(bundleId);
	}

	@Override
	public List<String> metrics(long bundleId) {
		return bus.metrics(bundleId);
	}

	private int queue(Map<String, Object> configuration) {
		return (int) number(configuration, "pluginkit.event.queue", DEFAULT_QUEUE);
	}

	private long timeout(Map<String, Object> configuration) {
		return number(configuration, "pluginkit.event.timeout.ms", DEFAULT_TIMEOUT_MILLIS);
	}

	long number(Map<String, Object> configuration, String key, long otherwise) {
		String value = Configured.value(configuration, context, key);
		if (value == null) {
			return otherwise;
		}
		try {
			long n = Long.parseLong(value);
			if (n > 0 && n <= Integer.MAX_VALUE) {
				return n;
			}
		} catch (NumberFormatException e) {
			// said below
		}
		LOG.warn("{}={} is not a positive number; using {}", key, value, otherwise);
		return otherwise;
	}

	/** What each live listener counted, for {@code /metrics}. */
	public java.util.List<io.pluginkit.runtime.internal.contrib.Counted> counted() {
		return bus.counted();
	}
}
