package io.pluginkit.testing.plugins;

import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;

/**
 * A test plugin whose bundle activator throws on start, with the message of its
 * {@code Test-Failure} header (where {@code \n} and {@code \t} stand for a line break and a tab), or
 * {@code license key missing}.
 */
public class ThrowingActivator implements BundleActivator {

	@Override
	public void start(BundleContext context) {
		String message = context.getBundle().getHeaders().get("Test-Failure");
		throw new IllegalStateException(
			message == null ? "license key missing" : message.replace("\\n", "\n").replace("\\t", "\t"));
	}

	@Override
	public void stop(BundleContext context) {
	}
}
