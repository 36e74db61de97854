package io.pluginkit.store.postgresql;

import java.io.IOException;
import java.util.Map;

import io.pluginkit.spi.state.DecisionListener;
import io.pluginkit.spi.state.StateStore;

/** The admin decisions of every node of a cluster, in PostgreSQL; see {@link ClusterStore}. */
final class PostgresStateStore implements StateStore {

	private final ClusterStore cluster;

	PostgresStateStore(ClusterStore cluster) {
		this.cluster = cluster;
	}

	@Override
	public Map<String, Boolean> decisions() {
		return cluster.state().decided();
	}

	@Override
	public void recordDecision(String plugin, boolean enabled) throws IOException {
		cluster.recordDecision(plugin, enabled);
	}

	@Override
	public void forgetDecision(String plugin) throws IOException {
		cluster.forgetDecision(plugin);
	}

	@Override
	public void addDecisionListener(DecisionListener listener) {
		cluster.addDecisionListener(listener);
	}

	@Override
	public void removeDecisionListener(DecisionListener listener) {
		cluster.removeDecisionListener(listener);
	}

	@Override
	public boolean writable() {
		return cluster.problem() == null;
	}

	@Override
	public String problem() {
		return cluster.problem();
	}

	@Override
	public String describe() {
		return cluster.describe();
	}
}
