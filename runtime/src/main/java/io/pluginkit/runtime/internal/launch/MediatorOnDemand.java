package io.pluginkit.runtime.internal.launch;

import java.util.Dictionary;
import java.util.concurrent.atomic.AtomicBoolean;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.SynchronousBundleListener;
import org.osgi.framework.startlevel.BundleStartLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.pluginkit.runtime.internal.registry.PluginRegistry;

/**
 * Starts SPI Fly, the OSGi Service Loader Mediator, the first time a plugin or library needs it, and not
 * before.
 * <p>
 * SPI Fly weaves every class of every bundle that declares itself a Service Loader consumer: it reads and
 * writes each class with ASM as the class loads. Felix HTTP's Jetty declares itself one (optionally, for
 * extras PluginKit does not use), so an SPI Fly started with the platform rewrites Jetty's ~600 classes at
 * every start: a third of a cold start's CPU. The platform needs no mediation (slf4j finds its provider
 * through the {@code io.pluginkit.slf4j-provider} fragment), so SPI Fly is installed at a start level the
 * framework never reaches (see {@code pluginkit.bndrun}): resolved, its capabilities satisfy the bundles that
 * require them, and nothing is woven.
 * <p>
 * A bundle installed or updated by a user (a plugin or a library), or kept from an earlier run at the
 * plugins' start level, that asks for mediation ({@code SPI-Consumer}, {@code SPI-Provider}, or a
 * requirement on the {@code osgi.serviceloader.processor} or {@code .registrar} extender) starts SPI Fly at
 * once, on the installing thread, before that bundle can load a class: from then on it works as it always
 * does, for every bundle.
 */
final class MediatorOnDemand implements SynchronousBundleListener {

	static final String SPI_FLY = "org.apache.aries.spifly.dynamic.bundle";
	/** SPI Fly's start level once it is needed: after the runtime (1), before slf4j's provider (3). */
	static final int MEDIATOR_START_LEVEL = 2;

	private static final Logger LOG = LoggerFactory.getLogger(MediatorOnDemand.class);

	private final BundleContext context;
	private final AtomicBoolean started = new AtomicBoolean();

	MediatorOnDemand(BundleContext context) {
		this.context = context;
	}

	/** Listens for installs and looks at the bundles already installed at the plugins' start level. */
	void open() {
		context.addBundleListener(this);
		for (Bundle bundle : context.getBundles()) {
			BundleStartLevel level = bundle.adapt(BundleStartLevel.class);
			if (level != null && level.getStartLevel() >= PluginRegistry.PLUGIN_START_LEVEL) {
				consider(bundle);
			}
		}
	}

	void close() {
		try {
			context.removeBundleListener(this);
		} catch (IllegalStateException e) {
			// the runtime bundle is stopping
		}
	}

	@Override
	public void bundleChanged(BundleEvent event) {
		if (event.getType() == BundleEvent.INSTALLED || event.getType() == BundleEvent.UPDATED) {
			consider(event.getBundle());
		}
	}

	private void consider(Bundle bundle) {
		if (started.get() || SPI_FLY.equals(bundle.getSymbolicName()) || !needsMediation(bundle.getHeaders(""))) {
			return;
		}
		Bundle spiFly = find();
		if (spiFly == null) {
			LOG.warn("{} uses java.util.ServiceLoader across bundles (it asks for the Service Loader Mediator),"
				+ " but SPI Fly ({}) is not installed: its services will not be found", bundle.getSymbolicName(), SPI_FLY);
			return;
		}
		if (!started.compareAndSet(false, true)) {
			return;
		}
		try {
			BundleStartLevel level = spiFly.adapt(BundleStartLevel.class);
			if (level.getStartLevel() > MEDIATOR_START_LEVEL) {
				level.setStartLevel(MEDIATOR_START_LEVEL);
			}
			// at once when the framework is past that level; else when it gets there, before any plugin
			spiFly.start();
			LOG.info("{} uses java.util.ServiceLoader across bundles: SPI Fly (the Service Loader Mediator) started",
				bundle.getSymbolicName());
		} catch (BundleException | IllegalStateException e) {
			started.set(false);
			LOG.warn("{} needs the Service Loader Mediator, but SPI Fly did not start: {}", bundle.getSymbolicName(),
				e.toString());
		}
	}

	private Bundle find() {
		for (Bundle bundle : context.getBundles()) {
			if (SPI_FLY.equals(bundle.getSymbolicName()) && bundle.getState() != Bundle.UNINSTALLED) {
				return bundle;
			}
		}
		return null;
	}

	/**
	 * Whether a bundle's manifest asks for ServiceLoader mediation: SPI Fly's own headers, or a requirement on
	 * either extender of the OSGi Service Loader Mediator specification, optional or not (SPI Fly serves both).
	 */
	static boolean needsMediation(Dictionary<String, String> headers) {
		if (headers.get("SPI-Consumer") != null || headers.get("SPI-Provider") != null) {
			return true;
		}
		String requires = headers.get(Constants.REQUIRE_CAPABILITY);
		return requires != null && (requires.contains("osgi.serviceloader.processor")
			|| requires.contains("osgi.serviceloader.registrar"));
	}
}
