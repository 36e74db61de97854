package io.pluginkit.runtime.internal.template;

import java.net.URL;
import java.util.function.Function;

import org.osgi.framework.Bundle;

/**
 * Where one plugin's templates come from: its bundle's {@code templates/} folder, read through the
 * bundle ({@link Bundle#getEntry}: the bundle's own jar, never its imports or the class path).
 *
 * @param plugin the plugin's name, for messages
 * @param bundleId its bundle, the key of its engine
 * @param revision changes when the bundle is updated: an engine built for another revision is stale
 * @param entries a path inside the bundle ({@code templates/x.html}) to its URL, or {@code null}
 */
public record TemplateSource(String plugin, long bundleId, long revision, Function<String, URL> entries) {

	/** The templates of a bundle. */
	public static TemplateSource of(String plugin, Bundle bundle) {
		return new TemplateSource(plugin, bundle.getBundleId(), bundle.getLastModified(), bundle::getEntry);
	}
}
