package io.pluginkit.runtime.internal.registry;

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
	private final Runnable look;
	private final AtomicBoolean pending = new AtomicBoolean();
	private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
		Thread t = new Thread(r, "pluginkit-registry-timer");
		t.setDaemon(true);
		return t;
	});

	ServiceWatch(RegistryWriter writer, Runnable look) {
		this.writer = writer;
		this.look = look;
	}

	/** Some service changed: look once, soon. */
	void changed() {
		if (pending.compareAndSet(false, true)) {
			try {
				timer.schedule(() -> writer.execute(() -> {
					pending.set(false);
					look.run();
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
