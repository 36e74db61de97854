package io.pluginkit.runtime.internal.registry;

import java.util.Set;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Turns a burst of service registrations and unregistrations into one look at the plugins'
 * components, a moment later (once SCR has reacted to them), on the registry's writer.
 */
final class ServiceWatch {

	/** Long enough for SCR to react to the service event that triggered the look. */
	static final long DELAY_MILLIS = 50;

	private final RegistryWriter writer;
	private final java.util.function.Consumer<Set<String>> look;
	private final AtomicBoolean pending = new AtomicBoolean();
	/** The service interfaces that changed since the last look. */
	private final Set<String> changed = java.util.concurrent.ConcurrentHashMap.newKeySet();
	private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
		Thread t = new Thread(r, "pluginkit-registry-timer");
		t.setDaemon(true);
		return t;
	});

	ServiceWatch(RegistryWriter writer, java.util.function.Consumer<Set<String>> look) {
		this.writer = writer;
		this.look = look;
	}

	/** Services of these interfaces changed: look once, soon, at the plugins that reference one of them. */
	void changed(java.util.Collection<String> interfaces) {
		changed.addAll(interfaces);
		if (pending.compareAndSet(false, true)) {
			try {
				timer.schedule(() -> writer.execute(() -> {
					pending.set(false);
					Set<String> now = Set.copyOf(changed);
					changed.removeAll(now);
					look.accept(now);
				}), DELAY_MILLIS, TimeUnit.MILLISECONDS);
			} catch (java.util.concurrent.RejectedExecutionException e) {
				// closing
			}
		}
	}

	void close() {
		timer.shutdownNow();
	}
}
