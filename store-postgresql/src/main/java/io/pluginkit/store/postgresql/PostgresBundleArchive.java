package io.pluginkit.store.postgresql;

import java.io.IOException;
import java.io.InputStream;
import java.util.Collection;
import java.util.List;

import io.pluginkit.spi.state.ArchiveListener;
import io.pluginkit.spi.state.ArchivedBundle;
import io.pluginkit.spi.state.BundleArchive;

/**
 * The install order and the plugin jars of every node of a cluster, in PostgreSQL: jars stored once
 * per content (SHA-256), cached on each node; see {@link ClusterStore}.
 */
final class PostgresBundleArchive implements BundleArchive {

	private final ClusterStore cluster;

	PostgresBundleArchive(ClusterStore cluster) {
		this.cluster = cluster;
	}

	@Override
	public List<ArchivedBundle> bundles() {
		return cluster.state().order();
	}

	@Override
	public void recordInstalls(Collection<String> locations) throws IOException {
		cluster.recordInstalls(locations);
	}

	@Override
	public void keep(String location, InputStream jar) throws IOException {
		cluster.keep(location, jar);
	}

	@Override
	public InputStream open(String location) throws IOException {
		return cluster.open(location);
	}

	@Override
	public void forget(String location) throws IOException {
		cluster.forget(location);
	}

	/** Every node's: the folders' jars are kept here too ({@code folder:<name>}) and reach every node. */
	@Override
	public boolean shared() {
		return true;
	}

	@Override
	public void addArchiveListener(ArchiveListener listener) {
		cluster.addArchiveListener(listener);
	}

	@Override
	public void removeArchiveListener(ArchiveListener listener) {
		cluster.removeArchiveListener(listener);
	}
}
