/**
 * The state-store SPI: where PluginKit keeps what it must remember across restarts.
 * <p>
 * {@link io.pluginkit.spi.state.StateStore} holds the admin decisions (a plugin enabled or
 * disabled by an admin); {@link io.pluginkit.spi.state.BundleArchive} holds the install order
 * of every bundle PluginKit installed and a copy of the jars that came from outside the
 * hot-deploy folder. The embedded file store in {@code <data>} is the default implementation;
 * a cluster store (PostgreSQL) registers the same services so that several nodes share one
 * plugin set, and tells the other nodes' changes through {@link io.pluginkit.spi.state.DecisionListener}
 * and {@link io.pluginkit.spi.state.ArchiveListener}. Implementations register their objects as OSGi
 * services.
 * <p>
 * 1.1: {@code ArchiveListener}, {@code BundleArchive.addArchiveListener}, {@code ArchivedBundle.sha256},
 * {@code StateStore.problem()}.
 * <p>
 * 1.2: {@code ConcurrentChangeException} (a write that lost a race with another node, told apart from a
 * store that cannot be written), {@code BundleArchive.shared()} and {@code BundleArchive.FOLDER_SCHEME}
 * (the hot-deploy folders' jars shared by the nodes of a cluster).
 */
@Export
@Version("1.2.0")
package io.pluginkit.spi.state;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
