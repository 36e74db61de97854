package io.pluginkit.runtime.internal.web;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

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

import io.pluginkit.api.web.RequestHook;
import io.pluginkit.api.web.Response;
import io.pluginkit.runtime.internal.contrib.Contribution;
import io.pluginkit.runtime.internal.contrib.ContributionReport;
import io.pluginkit.runtime.internal.contrib.Contributions;
import io.pluginkit.runtime.internal.registry.PluginProblems;
import io.pluginkit.runtime.internal.settings.Configured;
import jakarta.servlet.FilterChain;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The enabled plugins' {@link RequestHook}s around a request, like nested filters: {@code before}
 * in order (ranking, then install order), the handler, {@code after} and {@code teardown} in
 * reverse. A {@code before} that answers ends the way in; the {@code after} of the hooks that
 * already ran still applies. A hook that throws fails the request closed (500 through the error
 * pages) unless it declares {@code pluginkit.hook.failure=open}, in which case it is skipped for
 * the rest of that request (and never quarantined); either way {@link HookFailures} counts it.
 * <p>
 * A request reads one snapshot of the hooks, takes no lock and allocates nothing of its own unless
 * a hook fails.
 */
@Designate(ocd = HookChain.Config.class)
@Component(service = { HookChain.class, ContributionReport.class }, configurationPid = "pluginkit.web",
	property = Constants.SERVICE_RANKING + ":Integer=200")
public final class HookChain implements ContributionReport {

	private static final Logger LOG = LoggerFactory.getLogger(HookChain.class);

	/** Service property of a hook: {@code open} = skip it when it throws instead of failing the request. */
	public static final String FAILURE = "pluginkit.hook.failure";
	/** Request attribute set when a hook's {@code before} answered and the request is observed: its bundle id. */
	static final String ANSWERED_BY = "io.pluginkit.web.answeredBy";

	/** What runs inside the hooks. */
	interface Inner {

		/**
		 * Runs the handler.
		 *
		 * @return its response for the {@code after} hooks, or {@code null} when it went straight
		 *         to the client (async or streaming) and nothing is left to send
		 */
		Response handle(HttpServletRequest request, HttpServletResponse response, FilterChain chain) throws Throwable;

		/** The error page for a request that failed with {@code error}. */
		Response failed(HttpServletRequest request, Throwable error);
	}

	/** Settings of the request hooks, PID {@code pluginkit.web}; each falls back to its {@code -D} property. */
	@ObjectClassDefinition(name = "PluginKit request hooks", description = "How PluginKit contains request hooks that fail.")
	public @interface Config {
		@AttributeDefinition(description = "Failures in a row of one hook before its plugin is quarantined"
			+ " (stopped and FAILED until an admin enables or updates it); 0 = never")
		int pluginkit_hook_quarantine_after() default HookFailures.DEFAULT_QUARANTINE_AFTER;
	}

	private final Contributions<RequestHook> hooks = new Contributions<>();
	private final HookFailures failures;
	private final HookTimes times = new HookTimes();
	private final BundleContext context;

	@Activate
	public HookChain(BundleContext context, @Reference PluginProblems problems, Map<String, Object> configuration) {
		this.context = context;
		this.failures = new HookFailures(problems, quarantineAfter(context, configuration));
	}

	/** A changed configuration applies at once, to the next failure. */
	@Modified
	void modified(Map<String, Object> configuration) {
		failures.quarantineAfter(quarantineAfter(context, configuration));
	}

	private static int quarantineAfter(BundleContext context, Map<String, Object> configuration) {
		return HookFailures.quarantineAfter(Configured.value(configuration, context, HookFailures.QUARANTINE_AFTER));
	}

	HookChain(PluginProblems problems, int quarantineAfter) {
		this.context = null;
		this.failures = new HookFailures(problems, quarantineAfter);
	}

	@Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
		policyOption = ReferencePolicyOption.GREEDY, updated = "updatedHook")
	void addHook(RequestHook hook, ServiceReference<RequestHook> ref) {
		hooks.add(hook, ref);
	}

	void updatedHook(ServiceReference<RequestHook> ref) {
		hooks.updated(ref);
	}

	void removeHook(ServiceReference<RequestHook> ref) {
		Contribution<RequestHook> gone = hooks.remove(ref);
		if (gone != null) {
			failures.forget(gone);
			boolean more = false;
			for (Contribution<RequestHook> h : hooks.snapshot()) {
				more |= h.bundleId() == gone.bundleId();
			}
			if (!more) {
				times.forget(gone.bundleId());
			}
		}
	}

	/**
	 * Runs the request through the hooks and {@code inner}.
	 *
	 * @param observed whether someone wants to know which hook answered ({@link #ANSWERED_BY})
	 * @return the response to send, or {@code null} when the handler's went straight to the client
	 */
	Response run(HttpServletRequest request, HttpServletResponse out, FilterChain chain, Inner inner, boolean observed) {
		Contribution<RequestHook>[] chainHooks = hooks.snapshot();
		LongAdder[] spent = times.counters(chainHooks);
		// the clock is read where the walk passes from one plugin's hooks to another's (or ends): each reading
		// ends the time of the hooks before it, which share their plugin's counter
		long clock = chainHooks.length == 0 ? 0 : System.nanoTime();
		Response response = null;
		Throwable error = null;
		Throwable hookError = null;
		boolean[] failed = null;
		int entered = 0;
		try {
			while (entered < chainHooks.length && response == null) {
				Contribution<RequestHook> hook = chainHooks[entered++];
				try {
					response = hook.service().before(request);
				} catch (Throwable t) {
					clock = spend(spent[entered - 1], clock);
					failed = failedAt(failed, chainHooks.length, entered - 1);
					boolean open = open(hook);
					failures.failed(hook, open, "before", request, t);
					if (!open) {
						hookError = t;
						throw t;
					}
					clock = System.nanoTime(); // saying so is not the next hook's time
					continue;
				}
				if (response != null || boundary(spent, entered - 1, entered)) {
					clock = spend(spent[entered - 1], clock);
				}
			}
			if (response == null) {
				response = inner.handle(request, out, chain);
				if (response == null) {
					return null; // passed through: after cannot change it; teardown still runs (finally)
				}
			} else if (observed) {
				request.setAttribute(ANSWERED_BY, chainHooks[entered - 1].bundleId());
			}
			clock = entered == 0 ? clock : System.nanoTime(); // the handler's time is not the hooks'
			for (int i = entered - 1; i >= 0; i--) {
				Contribution<RequestHook> hook = chainHooks[i];
				if (failed != null && failed[i]) {
					if (boundary(spent, i, i - 1)) {
						clock = spend(spent[i], clock); // what the plugin's hooks before it took
					}
					continue; // an open hook that failed is skipped for the rest of the request
				}
				try {
					Response replaced = hook.service().after(request, response);
					if (boundary(spent, i, i - 1)) {
						clock = spend(spent[i], clock);
					}
					if (replaced != null) {
						response = replaced;
					}
				} catch (Throwable t) {
					clock = spend(spent[i], clock);
					failed = failedAt(failed, chainHooks.length, i);
					boolean open = open(hook);
					failures.failed(hook, open, "after", request, t);
					if (!open) {
						hookError = t;
						throw t;
					}
					clock = System.nanoTime();
				}
			}
		} catch (Throwable t) {
			error = t;
			if (t != hookError) {
				LOG.error("{} {} failed: {}", request.getMethod(), request.getRequestURI(), t.toString(), t);
			}
			response = inner.failed(request, t);
		} finally {
			clock = entered == 0 ? clock : System.nanoTime(); // nor the time of failing the request
			for (int i = entered - 1; i >= 0; i--) {
				Contribution<RequestHook> hook = chainHooks[i];
				try {
					hook.service().teardown(request, error);
					if (boundary(spent, i, i - 1)) {
						clock = spend(spent[i], clock);
					}
				} catch (Throwable t) {
					clock = spend(spent[i], clock);
					failed = failedAt(failed, chainHooks.length, i);
					failures.failed(hook, open(hook), "teardown", request, t);
					clock = System.nanoTime();
				}
				if ((failed == null || !failed[i]) && failures.anyFailing()) {
					failures.succeeded(hook);
				}
			}
		}
		return response;
	}

	/**
	 * Whether the walk passes from hook {@code i} to a hook of another plugin ({@code next}), or ends there:
	 * only then is the clock read, so that one plugin's ten hooks cost two readings, not ten.
	 */
	private static boolean boundary(LongAdder[] spent, int i, int next) {
		return next < 0 || next >= spent.length || spent[next] != spent[i];
	}

	/** Adds the time since {@code since} to a hook's counter; returns now. */
	private static long spend(LongAdder counter, long since) {
		long now = System.nanoTime();
		counter.add(now - since);
		return now;
	}

	private static boolean[] failedAt(boolean[] failed, int hooks, int index) {
		boolean[] result = failed == null ? new boolean[hooks] : failed;
		result[index] = true;
		return result;
	}

	private static boolean open(Contribution<RequestHook> hook) {
		return "open".equals(hook.property(FAILURE));
	}

	/** Nanoseconds spent in the bundle's live request hooks (before, after, teardown). */
	public long hookNanos(long bundleId) {
		return times.nanos(bundleId);
	}

	/** How many times the bundle's hooks failed (live hooks only: a hook's figures go with it). */
	public long hookFailures(long bundleId) {
		return failures.total(bundleId);
	}

	@Override
	public List<String> describe(long bundleId) {
		List<String> result = new ArrayList<>();
		Contribution<RequestHook>[] all = hooks.snapshot();
		for (int i = 0; i < all.length; i++) {
			Contribution<RequestHook> c = all[i];
			if (c.bundleId() == bundleId) {
				result.add("request hook " + c.className() + " (position " + (i + 1) + " of " + all.length + ", ranking "
					+ c.ranking() + (open(c) ? ", failure open" : "") + ")");
			}
		}
		return result;
	}

	@Override
	public List<String> metrics(long bundleId) {
		List<String> result = new ArrayList<>();
		result.add("hook failures: " + failures.total(bundleId));
		result.addAll(failures.distinct(bundleId));
		return result;
	}
}
