package io.pluginkit.runtime.internal.registry;

import java.io.IOException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.pluginkit.runtime.internal.registry.PluginException.Kind;
import io.pluginkit.spi.state.ConcurrentChangeException;
import io.pluginkit.spi.state.StateStore;

/** The admin decisions of the {@link StateStore}, as the registry records and reads them. */
final class Decisions {

	private static final Logger LOG = LoggerFactory.getLogger(Decisions.class);

	private final StateStore store;

	Decisions(StateStore store) {
		this.store = store;
	}

	/** The plugin's decision: {@code true} enabled, {@code false} disabled, {@code null} none. */
	Boolean of(PluginEntry e) {
		return e.metadata.name() == null ? null : store.decisions().get(e.metadata.name());
	}

	/** Records an admin command's decision; when it cannot be saved nothing changes and the command says why. */
	void record(PluginEntry e, boolean enabled) throws PluginException {
		try {
			store.recordDecision(e.metadata.name(), enabled);
		} catch (ConcurrentChangeException ex) {
			// another node changed the plugin first: the store's line names it and what the plugin is now
			throw new PluginException(Kind.CONFLICT, ex.getMessage(), ex);
		} catch (IOException ex) {
			throw new PluginException(Kind.FAILED, "plugin '" + e.displayName() + "' was not "
				+ (enabled ? "enabled" : "disabled") + ": the decision cannot be saved (" + ex.getMessage() + ")", ex);
		}
	}

	/** Records what a plain Felix {@code start} or {@code stop} decided; a failure is logged. */
	void recordQuietly(PluginEntry e, boolean enabled) {
		try {
			store.recordDecision(e.metadata.name(), enabled);
		} catch (IOException ex) {
			LOG.error("plugin '{}' was {} with a plain Felix command, but that cannot be saved: {}", e.displayName(),
				enabled ? "started" : "stopped", ex.getMessage());
		}
	}

	/** Forgets the decision of a plugin an admin uninstalled, unless another bundle carries its name. */
	void forget(PluginEntry e, PluginIndex index) {
		if (!e.valid() || index.named(e.metadata.name()).size() > 1) {
			return;
		}
		try {
			store.forgetDecision(e.metadata.name());
		} catch (IOException ex) {
			LOG.error("plugin '{}': its decision cannot be forgotten: {}", e.displayName(), ex.getMessage());
		}
	}

	/**
	 * Refuses a change up front while the store has a problem (a cluster store whose database is away),
	 * before anything is stopped, started or installed: nothing flaps, and no node drifts from the
	 * cluster's plugin set. A store without problems (the file store, even read-only) lets it through.
	 */
	void checkStore(String what) throws PluginException {
		String problem = store.problem();
		if (problem != null) {
			throw new PluginException(Kind.UNAVAILABLE, what + " was refused: " + problem);
		}
	}

	/** Whether decisions can be saved now. */
	boolean writable() {
		return store.writable();
	}
}
