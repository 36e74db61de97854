package io.pluginkit.spi.state;

import java.util.Set;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Told when the {@link BundleArchive} was changed by another hand than this node (another node of a
 * cluster sharing the archive installed, updated or uninstalled a bundle), so that the registry
 * installs, updates or uninstalls it here too.
 *
 * @since 1.1
 */
@ConsumerType
@FunctionalInterface
public interface ArchiveListener {

	/**
	 * The archive's entries of these locations changed: read them again from
	 * {@link BundleArchive#bundles()}. A location still listed with a copy ({@link ArchivedBundle#kept()})
	 * was installed or updated (its {@link ArchivedBundle#sha256()} tells which content); a location no
	 * longer listed was uninstalled. Called on the store's own thread; must return quickly and never
	 * throw.
	 */
	void bundlesChanged(Set<String> locations);
}
