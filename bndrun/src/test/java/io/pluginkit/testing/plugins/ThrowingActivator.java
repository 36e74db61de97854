package io.pluginkit.testing.plugins;

import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;

/** A test plugin whose bundle activator throws on start. */
public class ThrowingActivator implements BundleActivator {

	@Override
	public void start(BundleContext context) {
		throw new IllegalStateException("license key missing");
	}

	@Override
	public void stop(BundleContext context) {
	}
}
