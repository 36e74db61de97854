package io.pluginkit.runtime.internal.trigger;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;

import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
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

import io.pluginkit.api.trigger.AsyncTriggerHandler;
import io.pluginkit.api.trigger.TriggerHandler;
import io.pluginkit.api.trigger.Triggers;
import io.pluginkit.runtime.internal.contrib.ContributionReport;
import io.pluginkit.runtime.internal.registry.PluginProblems;
import io.pluginkit.runtime.internal.settings.Configured;

/**
 * The {@link Triggers} service plugins fire through, over the enabled plugins' handlers (a
 * {@link TriggerChain}), and what {@code plugin:info} shows of them. Settings: PID
 * {@code pluginkit.triggers}, each with its {@code -D} fallback.
 */
@Designate(ocd = TriggerService.Config.class)
@Component(service = { Triggers.class, TriggerService.class, ContributionReport.class }, configurationPid = "pluginkit.triggers",
	property = Constants.SERVICE_RANKING + ":Integer=150")
public final class TriggerService implements Triggers, ContributionReport {

	private static final Logger LOG = LoggerFactory.getLogger(TriggerService.class);

	static final String TIMEOUT = "pluginkit.trigger.timeout.ms";
	static final long DEFAULT_TIMEOUT = 5_000;

	/** Settings of the triggers, PID {@code pluginkit.triggers}. */
	@ObjectClassDefinition(name = "PluginKit triggers", description = "How long a trigger handler may take.")
	public @interface Config {
		@AttributeDefinition(description = "Milliseconds an async handler's stage (and, in a task run, a sync handler)"
			+ " may take before it counts as a failure of its plugin and is skipped")
		long pluginkit_trigger_timeout_ms() default DEFAULT_TIMEOUT;
	}

	private final BundleContext context;
	private final TriggerChain chain;

	@Activate
	public TriggerService(BundleContext context, @Reference PluginProblems problems, Map<String, Object> configuration) {
		this.context = context;
		this.chain = new TriggerChain(problems, timeout(context, configuration));
	}

	@Modified
	void modified(Map<String, Object> configuration) {
		chain.timeoutMillis(timeout(context, configuration));
	}

	static long timeout(BundleContext context, Map<String, Object> configuration) {
		String value = Configured.value(configuration, context, TIMEOUT);
		if (value == null) {
			return DEFAULT_TIMEOUT;
		}
		try {
			long millis = Long.parseLong(value);
			if (millis > 0) {
				return millis;
			}
		} catch (NumberFormatException e) {
			// said below
		}
		LOG.warn("{}={} is not a number of milliseconds above 0; using {}", TIMEOUT, value, DEFAULT_TIMEOUT);
		return DEFAULT_TIMEOUT;
	}

	@Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
		policyOption = ReferencePolicyOption.GREEDY, updated = "updatedHandler")
	void addHandler(TriggerHandler handler, ServiceReference<TriggerHandler> ref) {
		chain.add(handler, ref);
	}

	void updatedHandler(ServiceReference<TriggerHandler> ref) {
		chain.updated(ref);
	}

	void removeHandler(ServiceReference<TriggerHandler> ref) {
		chain.remove(ref);
	}

	@Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
		policyOption = ReferencePolicyOption.GREEDY, updated = "updatedAsyncHandler")
	void addAsyncHandler(AsyncTriggerHandler handler, ServiceReference<AsyncTriggerHandler> ref) {
		chain.add(handler, ref);
	}

	void updatedAsyncHandler(ServiceReference<AsyncTriggerHandler> ref) {
		chain.updated(ref);
	}

	void removeAsyncHandler(ServiceReference<AsyncTriggerHandler> ref) {
		chain.remove(ref);
	}

	/** The chain, for the task runner (which fires under a {@link FireWatch}). */
	public TriggerChain chain() {
		return chain;
	}

	@Override
	public Map<String, Object> fire(String name, Map<String, Object> values) {
		return chain.fire(name, values == null ? Map.of() : values, null);
	}

	@Override
	public CompletionStage<Map<String, Object>> fireAsync(String name, Map<String, Object> values) {
		return chain.fireAsync(name, values == null ? Map.of() : values);
	}

	@Override
	public List<String> describe(long bundleId) {
		return chain.describe(bundleId);
	}

	@Override
	public List<String> metrics(long bundleId) {
		return chain.metrics(bundleId);
	}
}
