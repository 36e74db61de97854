package io.pluginkit.spi.state;

import java.io.IOException;
import java.util.Map;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The admin decisions: which plugins an admin enabled or disabled, by plugin name. A decision
 * wins over the plugin's {@code Plugin-State} header; it is forgotten only when the plugin is
 * uninstalled explicitly.
 * <p>
 * Thread-safe. Reads never wait behind a write: {@link #decisions()} returns the last saved
 * state. A write returns only once the decision is durable, and changes nothing when it throws.
 */
@ProviderType
public interface StateStore {

	/**
	 * Every decision, by plugin name: {@code true} enabled, {@code false} disabled. An immutable
	 * snapshot; never blocks.
	 */
	Map<String, Boolean> decisions();

	/**
	 * Records a decision durably; does nothing when it is already recorded.
	 *
	 * @throws IOException when it cannot be saved (a read-only or full disk, a lost database);
	 *             nothing was changed, and the message says what and where
	 * @throws ConcurrentChangeException (a kind of {@code IOException}, since 1.2) when another node of a
	 *             shared store changed the same plugin first; nothing was changed, and {@link #decisions()}
	 *             already answers the winner's decision
	 */
	void recordDecision(String plugin, boolean enabled) throws IOException;

	/**
	 * Forgets a decision (the plugin was uninstalled by an admin); does nothing when there is
	 * none.
	 *
	 * @throws IOException when it cannot be saved; nothing was changed
	 * @throws ConcurrentChangeException (since 1.2) when another node changed the same plugin first
	 */
	void forgetDecision(String plugin) throws IOException;

	/**
	 * Registers a listener told when decisions change by another hand than this node's calls
	 * (another node of a cluster). The file store, which only this process writes, never calls
	 * it.
	 */
	void addDecisionListener(DecisionListener listener);

	/** Removes a listener added before; unknown ones are ignored. */
	void removeDecisionListener(DecisionListener listener);

	/**
	 * Whether this store can save changes now. A store that cannot (a read-only data folder, a
	 * database that is away) keeps answering reads with what it last knew.
	 */
	default boolean writable() {
		return true;
	}

	/**
	 * What keeps the store from working now, in one line for {@code /health} and {@code plugin:list}
	 * (what is wrong, where, since when, and what happens meanwhile), or {@code null} when it works.
	 * A store that has a problem keeps answering reads with what it last knew; PluginKit reports
	 * {@code DEGRADED} while there is one. A store that can never lose its backing (the file store:
	 * a read-only folder is a choice, said once at start) keeps the default.
	 *
	 * @since 1.1
	 */
	default String problem() {
		return null;
	}

	/** Where the state lives, for messages and {@code /health}: e.g. {@code file /srv/pk/data/state.properties}. */
	String describe();
}
