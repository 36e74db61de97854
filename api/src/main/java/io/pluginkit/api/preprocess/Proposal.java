package io.pluginkit.api.preprocess;

import java.util.Map;

import org.osgi.annotation.versioning.ProviderType;

/** One contribution on its way to going live, as a {@link ContributionProcessor} sees it. */
@ProviderType
public interface Proposal {

	/** The name of the plugin that contributes it. */
	String plugin();

	/**
	 * The extension point, as {@link ProcessesContributions#point} names them:
	 * {@code template.extension}, {@code template.filter}, {@code template.function},
	 * {@code template.context}.
	 */
	String point();

	/** Its service properties (e.g. {@code pluginkit.template.point}), read-only. */
	Map<String, Object> properties();

	/** The service object as it is now (after earlier processors' replacements). */
	Object service();

	/** Keeps it from going live; the reason shows in {@code plugin:info} of both plugins. */
	void veto(String reason);

	/**
	 * Puts another object in its place, e.g. a wrapper that changes its output.
	 *
	 * @throws IllegalArgumentException when it does not implement the extension point's interface
	 */
	void replace(Object service);
}
