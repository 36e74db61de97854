/**
 * The embedded file store in {@code <data>}, the default implementation of the state-store SPI
 * ({@link io.pluginkit.spi.state}): {@link io.pluginkit.runtime.internal.state.FileStateStore} (admin
 * decisions, {@code state.properties}) and {@link io.pluginkit.runtime.internal.state.FileBundleArchive}
 * (install order and kept jars, {@code bundles.properties} and {@code bundles/}), on the
 * {@link io.pluginkit.runtime.internal.state.DataFolder} that
 * {@link io.pluginkit.runtime.internal.state.DataFolderGate} locks and checks at start. Every file is
 * replaced through {@link io.pluginkit.runtime.internal.state.AtomicFile}.
 */
package io.pluginkit.runtime.internal.state;
