package io.pluginkit.runtime.internal.registry;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

import org.osgi.framework.Bundle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.pluginkit.runtime.internal.registry.RegistrySnapshot.Phase;

/**
 * Holds the current {@link RegistrySnapshot} for readers, and delivers
 * {@link PluginStateEvent}s to listeners on a thread of its own, one at a time, in the order the
 * writer emitted them.
 */
final class SnapshotPublisher {

	private static final Logger LOG = LoggerFactory.getLogger(SnapshotPublisher.class);

	private volatile RegistrySnapshot current = RegistrySnapshot.EMPTY;
	private final AtomicBoolean publishRequested = new AtomicBoolean();
	private final List<Consumer<PluginStateEvent>> listeners = new CopyOnWriteArrayList<>();
	private final ExecutorService delivery = Executors.newSingleThreadExecutor(r -> {
		Thread t = new Thread(r, "pluginkit-registry-events");
		t.setDaemon(true);
		return t;
	});

	RegistrySnapshot current() {
		return current;
	}

	Phase phase() {
		return current.phase();
	}

	/** Moves to another phase; a stopping runtime never goes back. */
	synchronized void phase(Phase next) {
		if (current.phase() != Phase.STOPPING) {
			current = current.withPhase(next);
		}
	}

	/** Whether a publish must be queued: false when one is queued already. */
	boolean requestPublish() {
		return publishRequested.compareAndSet(false, true);
	}

	/** A publish starts: requests from now on need another one. */
	void publishing() {
		publishRequested.set(false);
	}

	synchronized void publish(List<PluginInfo> plugins, Map<String, Bundle> enabled) {
		current = RegistrySnapshot.of(current.phase(), plugins, enabled);
	}

	void emit(PluginInfo previous, PluginInfo now, String cause) {
		if (listeners.isEmpty()) {
			return;
		}
		PluginStateEvent event = new PluginStateEvent(previous, now, cause);
		try {
			delivery.execute(() -> {
				for (Consumer<PluginStateEvent> l : listeners) {
					try {
						l.accept(event);
					} catch (RuntimeException e) {
						LOG.error("a plugin state listener failed on {}: {}", event, e.toString(), e);
					}
				}
			});
		} catch (RejectedExecutionException e) {
			// stopping
		}
	}

	void addListener(Consumer<PluginStateEvent> listener) {
		listeners.add(listener);
	}

	void removeListener(Consumer<PluginStateEvent> listener) {
		listeners.remove(listener);
	}

	void close() {
		delivery.shutdown();
	}
}
