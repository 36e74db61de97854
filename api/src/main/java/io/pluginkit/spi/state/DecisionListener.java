package io.pluginkit.spi.state;

import java.util.Set;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Told when admin decisions were changed by another hand than this node (another node of a
 * cluster sharing the store), so that the registry applies them.
 */
@ConsumerType
@FunctionalInterface
public interface DecisionListener {

	/**
	 * The decisions of these plugins changed; read them again from {@link StateStore#decisions()}.
	 * Called on the store's own thread; must return quickly and never throw.
	 *
	 * @param plugins the names of the plugins whose decision changed (set or forgotten)
	 */
	void decisionsChanged(Set<String> plugins);
}
