package io.pluginkit.api.preprocess;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Sees other plugins' contributions to an extension point before they go live, and may change or
 * veto them: Flask-PluginKit's {@code p3}. Say which points (and optionally which plugins) with
 * {@link ProcessesContributions}.
 * <p>
 * Called whenever the contributions it processes change (a plugin is enabled, a service appears)
 * and when this processor itself appears, on the thread that made the change, never on a request;
 * when it goes away its changes and vetoes are undone. Never called with its own plugin's
 * contributions. A processor that throws leaves the contribution as it was and is logged.
 */
@ConsumerType
public interface ContributionProcessor {

	/** Looks at one contribution; calls {@link Proposal#veto} or {@link Proposal#replace}, or nothing to let it pass. */
	void process(Proposal proposal) throws Exception;
}
