package io.pluginkit.runtime.internal.trigger;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.osgi.framework.ServiceReference;

import io.pluginkit.api.trigger.PluginTriggerError;
import io.pluginkit.runtime.internal.contrib.Contribution;
import io.pluginkit.runtime.internal.contrib.Contributions;
import io.pluginkit.runtime.internal.registry.PluginProblems;

/**
 * The trigger handlers of the enabled plugins and how a fire runs through them, QTasks' rules:
 * the handlers named for the trigger first, then the global ones, each group in ranking then install
 * order; a handler returns {@code null} (keep) or replacements ({@code new_x} replaces {@code x}),
 * seen by the next handler and the caller; a {@link PluginTriggerError} ends the chain and goes to the
 * caller; any other failure is counted against the handler's plugin and skipped.
 * <p>
 * Writers (bind, updated, unbind) rebuild a {@link Table} (each name's full chain, and the global
 * one) and swap it; a fire reads it once: no lock, no lookup but one hash get, and no allocation
 * unless a handler replaces something or fails.
 */
public final class TriggerChain {

	/** What a fire reads: the chain of each name that has named handlers, and the global chain. */
	record Table(Map<String, Handler[]> chains, Handler[] global) {

		Handler[] chain(String name) {
			Handler[] named = chains.get(name);
			return named != null ? named : global;
		}
	}

	private static final String NEW = "new_";

	private final Contributions<Object> handlers = new Contributions<>();
	private final Map<Long, Handler> byService = new HashMap<>();
	private final HandlerFailures failures;
	private volatile Table table = new Table(Map.of(), new Handler[0]);
	private volatile long timeoutMillis;

	public TriggerChain(PluginProblems problems, long timeoutMillis) {
		this.failures = new HandlerFailures(problems);
		this.timeoutMillis = timeoutMillis;
	}

	/** How long an async handler's stage (or, under a {@link FireWatch}, a sync handler) may take. */
	public void timeoutMillis(long millis) {
		this.timeoutMillis = millis;
	}

	public long timeoutMillis() {
		return timeoutMillis;
	}

	// ------------------------------------------------------------------ writers

	/** Adds a {@code TriggerHandler} or {@code AsyncTriggerHandler} service. */
	public synchronized void add(Object handler, ServiceReference<?> ref) {
		Contribution<Object> c = handlers.add(handler, ref);
		byService.put(c.serviceId(), new Handler(c));
		rebuild();
	}

	public synchronized void updated(ServiceReference<?> ref) {
		Contribution<Object> now = handlers.updated(ref);
		if (now != null) {
			byService.put(now.serviceId(), new Handler(byService.get(now.serviceId()), now));
			rebuild();
		}
	}

	public synchronized void remove(ServiceReference<?> ref) {
		Contribution<Object> gone = handlers.remove(ref);
		if (gone != null) {
			Handler h = byService.remove(gone.serviceId());
			rebuild();
			failures.forget(h);
		}
	}

	private void rebuild() {
		List<Handler> global = new ArrayList<>();
		Map<String, List<Handler>> named = new LinkedHashMap<>();
		for (Contribution<Object> c : handlers.snapshot()) {
			Handler h = byService.get(c.serviceId());
			if (h.global()) {
				global.add(h);
			}
			for (String name : h.names) {
				named.computeIfAbsent(name, n -> new ArrayList<>()).add(h);
			}
		}
		Map<String, Handler[]> chains = new HashMap<>();
		named.forEach((name, list) -> {
			list.addAll(global);
			chains.put(name, list.toArray(Handler[]::new));
		});
		table = new Table(Map.copyOf(chains), global.toArray(Handler[]::new));
	}

	// ------------------------------------------------------------------ firing

	/**
	 * Fires {@code name} on the caller's thread.
	 *
	 * @param watch the caller's watch (it bounds sync handlers and may cancel), or {@code null}
	 * @return the final values ({@code values} itself when nothing was replaced)
	 * @throws PluginTriggerError when a handler ended the chain
	 * @throws CancellationException when the watch was cancelled
	 */
	public Map<String, Object> fire(String name, Map<String, Object> values, FireWatch watch) {
		Handler[] chain = table.chain(name);
		Map<String, Object> current = values;
		for (Handler h : chain) {
			Map<String, Object> replacements = call(h, name, current, watch);
			if (replacements != null && !replacements.isEmpty()) {
				current = replace(current, replacements);
			}
		}
		return current;
	}

	private Map<String, Object> call(Handler h, String name, Map<String, Object> values, FireWatch watch) {
		if (watch != null) {
			if (watch.cancelled()) {
				throw new CancellationException("cancelled");
			}
			watch.enter(h);
		}
		try {
			h.fired.increment();
			Map<String, Object> result = h.sync != null ? h.sync.trigger(name, values) : await(h.async.trigger(name, values));
			if (failures.anyFailing()) {
				failures.succeeded(h);
			}
			return result;
		} catch (PluginTriggerError e) {
			throw e;
		} catch (Throwable t) {
			if (watch != null && watch.cancelled()) {
				Thread.currentThread().interrupt();
				throw new CancellationException("cancelled");
			}
			boolean timeout = t instanceof TimeoutException || watch != null && watch.timedOut(h);
			if (watch != null && watch.timedOut(h)) {
				Thread.interrupted(); // the watchdog's interrupt: the chain goes on
			}
			if (t instanceof VirtualMachineError e && !(t instanceof StackOverflowError)) {
				throw e;
			}
			failures.failed(h, name, t, timeout, timeoutMillis);
			return null;
		} finally {
			if (watch != null) {
				watch.exit();
			}
		}
	}

	private Map<String, Object> await(CompletionStage<Map<String, Object>> stage) throws Exception {
		if (stage == null) {
			return null;
		}
		try {
			return stage.toCompletableFuture().get(timeoutMillis, TimeUnit.MILLISECONDS);
		} catch (ExecutionException e) {
			throw e.getCause() instanceof Exception cause ? cause : e;
		}
	}

	/**
	 * Fires {@code name} for an async caller: sync handlers run on this thread up to the first async
	 * one, the rest when its stage completes (within the timeout, else it counts as a failure).
	 */
	public CompletableFuture<Map<String, Object>> fireAsync(String name, Map<String, Object> values) {
		return continueAt(table.chain(name), 0, name, values);
	}

	private CompletableFuture<Map<String, Object>> continueAt(Handler[] chain, int from, String name,
		Map<String, Object> values) {
		Map<String, Object> current = values;
		for (int i = from; i < chain.length; i++) {
			Handler h = chain[i];
			if (h.sync != null) {
				try {
					Map<String, Object> replacements = call(h, name, current, null);
					if (replacements != null && !replacements.isEmpty()) {
						current = replace(current, replacements);
					}
				} catch (PluginTriggerError e) {
					return CompletableFuture.failedFuture(e);
				}
				continue;
			}
			CompletionStage<Map<String, Object>> stage;
			h.fired.increment();
			try {
				stage = h.async.trigger(name, current);
			} catch (PluginTriggerError e) {
				return CompletableFuture.failedFuture(e);
			} catch (Throwable t) {
				failures.failed(h, name, t, false, timeoutMillis);
				continue;
			}
			if (stage == null) {
				continue;
			}
			Map<String, Object> before = current;
			int next = i + 1;
			return stage.toCompletableFuture().copy().orTimeout(timeoutMillis, TimeUnit.MILLISECONDS)
				.handle((replacements, error) -> {
					Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
					if (cause instanceof PluginTriggerError e) {
						return CompletableFuture.<Map<String, Object>>failedFuture(e);
					}
					if (cause != null) {
						failures.failed(h, name, cause, cause instanceof TimeoutException, timeoutMillis);
						return continueAt(chain, next, name, before);
					}
					if (failures.anyFailing()) {
						failures.succeeded(h);
					}
					return continueAt(chain, next, name,
						replacements == null || replacements.isEmpty() ? before : replace(before, replacements));
				})
				.thenCompose(f -> f);
		}
		return CompletableFuture.completedFuture(current);
	}

	/** The values with each {@code new_x} of {@code replacements} put as {@code x}: a new read-only map. */
	static Map<String, Object> replace(Map<String, Object> values, Map<String, Object> replacements) {
		Map<String, Object> next = null;
		for (Map.Entry<String, Object> e : replacements.entrySet()) {
			String key = e.getKey();
			if (key != null && key.startsWith(NEW) && key.length() > NEW.length()) {
				if (next == null) {
					next = new HashMap<>(values);
				}
				next.put(key.substring(NEW.length()), e.getValue());
			}
		}
		return next == null ? values : Collections.unmodifiableMap(next);
	}

	// ------------------------------------------------------------------ reports

	/** The bundle's handlers in the order they run, one line each. */
	public List<String> describe(long bundleId) {
		List<String> result = new ArrayList<>();
		Contribution<Object>[] all = handlers.snapshot();
		Map<Long, Handler> handlersNow;
		synchronized (this) {
			handlersNow = Map.copyOf(byService);
		}
		for (int i = 0; i < all.length; i++) {
			Contribution<Object> c = all[i];
			Handler h = handlersNow.get(c.serviceId());
			if (c.bundleId() == bundleId && h != null) {
				result.add(h.what + (h.async != null ? " (async)" : "") + " for "
					+ (h.global() ? "every trigger (global)" : String.join(", ", new java.util.TreeSet<>(h.names)))
					+ " (position " + (i + 1) + " of " + all.length + ", ranking " + c.ranking() + ")");
			}
		}
		return result;
	}

	/** The bundle's figures: fires handled, failures and timeouts, each handler's last failure. */
	public List<String> metrics(long bundleId) {
		long fired = 0;
		long failed = 0;
		long timeouts = 0;
		List<String> last = new ArrayList<>();
		Map<Long, Handler> handlersNow;
		synchronized (this) {
			handlersNow = Map.copyOf(byService);
		}
		for (Handler h : handlersNow.values()) {
			if (h.bundleId() == bundleId) {
				fired += h.fired.sum();
				failed += h.failures.sum();
				timeouts += h.timeouts.sum();
				if (h.lastFailure != null) {
					last.add(h.what + " last failure: " + h.lastFailure);
				}
			}
		}
		if (fired == 0 && failed == 0 && handlersNow.values().stream().noneMatch(h -> h.bundleId() == bundleId)) {
			return List.of();
		}
		List<String> result = new ArrayList<>();
		result.add("triggers handled: " + fired + ", failures: " + failed + " (timeouts: " + timeouts + ")");
		Collections.sort(last);
		result.addAll(last);
		return result;
	}

	/** What each live handler counted, for {@code /metrics}. */
	public List<io.pluginkit.runtime.internal.contrib.Counted> counted() {
		Map<Long, Handler> handlersNow;
		synchronized (this) {
			handlersNow = Map.copyOf(byService);
		}
		List<io.pluginkit.runtime.internal.contrib.Counted> result = new ArrayList<>();
		for (Handler h : handlersNow.values()) {
			result.add(new io.pluginkit.runtime.internal.contrib.Counted(h.bundleId(), h.what, Map.of("fired",
				h.fired.sum(), "failures", h.failures.sum(), "timeouts", h.timeouts.sum())));
		}
		return result;
	}

	/** How many handlers are live. */
	public int size() {
		return handlers.size();
	}
}
