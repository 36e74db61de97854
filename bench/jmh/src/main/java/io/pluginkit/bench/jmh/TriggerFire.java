package io.pluginkit.bench.jmh;

import java.lang.reflect.Proxy;
import java.util.Dictionary;
import java.util.HashMap;
import java.util.Hashtable;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.osgi.framework.Bundle;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;

import io.pluginkit.api.trigger.TriggerHandler;
import io.pluginkit.runtime.internal.registry.PluginProblems;
import io.pluginkit.runtime.internal.trigger.TriggerChain;

/**
 * One fire of a trigger through {@code handlers} no-op handlers (DESIGN §10: 10 handlers <= 1 us per
 * fire), on the runtime's own {@link TriggerChain}, as the {@code Triggers} service and the task runner
 * call it. Each handler is its own class, as different plugins' handlers are, so the call site is
 * megamorphic as in real use. {@code named}: half the handlers are named for the trigger, half global;
 * else all global. Run with {@code -prof gc} to see the allocation per fire (0 B wanted).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(2)
public class TriggerFire {

	@Param({ "0", "10" })
	int handlers;

	@Param({ "false", "true" })
	boolean named;

	TriggerChain chain;
	final Map<String, Object> values = Map.of("task", "sum", "run", "r-1", "args", Map.of());

	@Setup
	public void setup() {
		chain = new TriggerChain(new NoProblems(), 5_000);
		TriggerHandler[] noOps = { (n, v) -> null, (n, v) -> null, (n, v) -> null, (n, v) -> null, (n, v) -> null,
			(n, v) -> null, (n, v) -> null, (n, v) -> null, (n, v) -> null, (n, v) -> null };
		for (int i = 0; i < handlers; i++) {
			chain.add(noOps[i], new Ref(10 + i, i, named && i % 2 == 0 ? "worker_execute_before" : null));
		}
	}

	@Benchmark
	public Map<String, Object> fire() {
		return chain.fire("worker_execute_before", values, null);
	}

	static final class NoProblems implements PluginProblems {
		public void failing(long bundleId, String what, String problem) {
		}

		public void recovered(long bundleId, String what) {
		}

		public void quarantine(long bundleId, String reason) {
		}
	}

	/** A handler's service reference: its bundle, service id, and its trigger name if any. */
	static final class Ref implements ServiceReference<Object> {
		final Map<String, Object> properties = new HashMap<>();
		final Bundle bundle;

		Ref(long id, int serviceId, String trigger) {
			properties.put(Constants.SERVICE_ID, (long) serviceId);
			properties.put(Constants.SERVICE_RANKING, 0);
			if (trigger != null) {
				properties.put(TriggerHandler.TRIGGER, trigger);
			}
			bundle = (Bundle) Proxy.newProxyInstance(Ref.class.getClassLoader(), new Class<?>[] { Bundle.class },
				(p, m, a) -> m.getName().equals("getBundleId") ? id : null);
		}

		public Object getProperty(String key) {
			return properties.get(key);
		}

		public String[] getPropertyKeys() {
			return properties.keySet().toArray(String[]::new);
		}

		public Bundle getBundle() {
			return bundle;
		}

		public Bundle[] getUsingBundles() {
			return null;
		}

		public boolean isAssignableTo(Bundle other, String className) {
			return true;
		}

		public int compareTo(Object other) {
			return 0;
		}

		public Dictionary<String, Object> getProperties() {
			return new Hashtable<>(properties);
		}

		public <A> A adapt(Class<A> type) {
			return null;
		}
	}
}
