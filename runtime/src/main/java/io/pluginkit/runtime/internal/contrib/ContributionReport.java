package io.pluginkit.runtime.internal.contrib;

import java.util.List;

/**
 * What one extension point tells {@code plugin:info} (and later the admin API) about a plugin:
 * every extension point registers one as a service, and the shell collects them instead of
 * knowing each point. Reports are listed by their {@code service.ranking}, highest first.
 * <p>
 * Both methods are called on the shell's (or the admin API's) thread, must be cheap, and read
 * the extension point's snapshot without blocking its request path.
 */
public interface ContributionReport {

	/**
	 * What the bundle contributes to this extension point, one line each in a user's words, in
	 * the order they run, e.g. {@code request hook io.acme.Audit (position 2 of 3, ranking 0)};
	 * empty when nothing.
	 */
	List<String> describe(long bundleId);

	/**
	 * The bundle's figures at this extension point, one line each, e.g. {@code hook failures: 3};
	 * empty when the point keeps none.
	 */
	default List<String> metrics(long bundleId) {
		return List.of();
	}
}
