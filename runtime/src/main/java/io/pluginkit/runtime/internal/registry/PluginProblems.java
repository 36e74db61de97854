package io.pluginkit.runtime.internal.registry;

/**
 * Where the runtime's extension points report what a plugin's contributions do wrong while
 * it runs (a hook that throws, later a listener that hangs or a background service that
 * crashes). The registry shows it in {@code plugin:list}, {@code plugin:info} and
 * {@code /health}, and quarantines the plugin when asked.
 * <p>
 * Every method is cheap and never blocks: it may be called on a request thread.
 */
public interface PluginProblems {

	/**
	 * A contribution of the plugin bundle is failing now: shown as the plugin's reason and as
	 * {@code DEGRADED} in {@code /health} until {@link #recovered} is called for the same
	 * {@code what}.
	 *
	 * @param bundleId the plugin's bundle
	 * @param what the contribution, e.g. {@code hook io.acme.Audit}
	 * @param problem what goes wrong, in one line
	 */
	void failing(long bundleId, String what, String problem);

	/** The contribution works again; does nothing when it was not failing. */
	void recovered(long bundleId, String what);

	/**
	 * Stops the plugin: it becomes {@code FAILED} with {@code reason} (which starts with
	 * {@code quarantined: } for a contribution that misbehaved, or says why it cannot run, e.g. a
	 * listener or background service whose {@code initialize} threw) and stays off until an admin
	 * enables or updates it. Returns at once; the stop happens on the registry's thread.
	 */
	void quarantine(long bundleId, String reason);
}
