package io.pluginkit.testing.plugins;

import java.util.Map;

import io.pluginkit.api.preprocess.ContributionProcessor;
import io.pluginkit.api.preprocess.Proposal;

/** A test plugin's p3 processor: vetoes what it sees with its {@code reason} property. */
public class VetoProcessor implements ContributionProcessor {

	private volatile String reason = "vetoed";

	public void activate(Map<String, Object> properties) {
		reason = String.valueOf(properties.get("reason"));
	}

	@Override
	public void process(Proposal proposal) {
		proposal.veto(reason);
	}
}
