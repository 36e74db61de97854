package io.pluginkit.runtime.internal.registry;

import java.util.List;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceEvent;
import org.osgi.framework.ServiceListener;
import org.osgi.framework.SynchronousBundleListener;

/**
 * Listens to the framework and hands every change over to the registry's writer. On the
 * framework's thread it only classifies the event: whose doing it is (the registry's own, or
 * an admin's plain Felix command), which it must know at once; everything else (store writes,
 * SCR queries, listeners) runs on the writer.
 */
final class BundleEvents implements SynchronousBundleListener, ServiceListener {

	private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(BundleEvents.class);

	/** What the writer does with a classified event. */
	interface Handler {
		void installed(Bundle bundle, boolean own);

		void updated(Bundle bundle, boolean own);

		void started(Bundle bundle, boolean foreign);

		void stopped(Bundle bundle, boolean foreign, boolean activatorFailed);

		void uninstalled(Bundle bundle, boolean own);

		void touched(long bundleId);

		void frameworkStopping();

		/** A service came or went: components of running plugins may be satisfied or not any more. */
		void servicesChanged(boolean registered, List<String> objectClasses);
	}

	private final BundleActions actions;
	private final RegistryWriter writer;
	private final Handler handler;
	/** Bundles whose STARTING was seen without STARTED, on the thread that started them. */
	private final java.util.Set<Long> starting = java.util.concurrent.ConcurrentHashMap.newKeySet();

	BundleEvents(BundleActions actions, RegistryWriter writer, Handler handler) {
		this.actions = actions;
		this.writer = writer;
		this.handler = handler;
	}

	@Override
	public void bundleChanged(BundleEvent event) {
		Bundle bundle = event.getBundle();
		long id = bundle.getBundleId();
		if (id == 0) {
			if (event.getType() == BundleEvent.STOPPING) {
				handler.frameworkStopping();
			}
			return;
		}
		boolean own = actions.own(id);
		boolean foreign = !own && actions.frameworkActive();
		if (LOG.isTraceEnabled()) {
			LOG.trace("bundle {} event {} on {} (own {})", id, event.getType(), Thread.currentThread().getName(), own);
		}
		switch (event.getType()) {
			case BundleEvent.INSTALLED -> writer.execute(() -> handler.installed(bundle, own));
			case BundleEvent.UPDATED -> writer.execute(() -> handler.updated(bundle, own));
			case BundleEvent.STARTING -> starting.add(id);
			case BundleEvent.STARTED -> {
				starting.remove(id);
				writer.execute(() -> handler.started(bundle, foreign));
			}
			case BundleEvent.STOPPED -> {
				// a start of someone else's that stopped before STARTED: its activator threw (the registry's own
				// starts know that from the exception)
				boolean activatorFailed = starting.remove(id) && !own;
				boolean decided = foreign && !BundleActions.persistentlyStarted(bundle);
				writer.execute(() -> handler.stopped(bundle, decided, activatorFailed));
			}
			case BundleEvent.UNINSTALLED -> writer.execute(() -> handler.uninstalled(bundle, own));
			default -> writer.execute(() -> handler.touched(id));
		}
	}

	@Override
	public void serviceChanged(ServiceEvent event) {
		int type = event.getType();
		if (type != ServiceEvent.REGISTERED && type != ServiceEvent.UNREGISTERING) {
			return;
		}
		Object classes = event.getServiceReference().getProperty(Constants.OBJECTCLASS);
		List<String> names = classes instanceof String[] a ? List.of(a) : List.of();
		handler.servicesChanged(type == ServiceEvent.REGISTERED, names);
	}
}
