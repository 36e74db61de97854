package io.pluginkit.store.postgresql;

import java.io.IOException;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.pluginkit.spi.state.BundleArchive;
import io.pluginkit.spi.state.StateStore;

/**
 * Inert unless {@code -Dpluginkit.store=postgresql}. Then it reads the settings ({@link StoreSettings}),
 * connects, creates or upgrades the schema, reads the cluster's plugin set, and only then registers the
 * {@link StateStore} and {@link BundleArchive} the registry waits for: a node starts on the cluster's
 * plugin set, never on a guess, so {@code /health} says UP only once it has converged.
 * <p>
 * While the database cannot be reached at start, a node that ran before starts on its copy of the plugin set
 * ({@code <data>/cluster/}: the decisions, the install order, the jars) as if the database had gone away while
 * it ran: it serves those plugins, reports {@code DEGRADED}, refuses changes, and catches up once the database
 * is back. A node without a copy (its first start) tries again (backoff up to 2 s) and says so once;
 * settings that cannot work (no URL, an unreadable password file, a refused password, no such database)
 * print one line {@code PluginKit cannot start: ...} and stop the framework. The services are
 * registered by hand so that nothing is offered before the first read succeeded.
 */
@Component(immediate = true, service = {})
public final class ClusterStoreGate {

	private static final Logger LOG = LoggerFactory.getLogger(ClusterStoreGate.class);

	private final BundleContext context;
	private final List<ServiceRegistration<?>> registrations = new ArrayList<>();
	private volatile ClusterStore store;
	private volatile Thread opening;
	private volatile boolean closed;

	@Activate
	public ClusterStoreGate(BundleContext context) {
		this.context = context;
		if (!StoreSettings.selected(context::getProperty)) {
			return;
		}
		StoreSettings settings;
		try {
			settings = StoreSettings.from(context::getProperty, System::getenv);
		} catch (IOException e) {
			refuseToStart(e.getMessage());
			return;
		}
		store = new ClusterStore(settings);
		opening = new Thread(() -> open(store, settings), "pluginkit-cluster-open");
		opening.setDaemon(true);
		opening.start();
	}

	private void open(ClusterStore cluster, StoreSettings settings) {
		long backoff = 250;
		boolean said = false;
		while (!closed) {
			try {
				cluster.open();
				break;
			} catch (SQLException e) {
				if (ClusterStore.fatal(e)) {
					refuseToStart("the cluster store " + settings.describe() + " refuses this node: " + e.getMessage());
					return;
				}
				if (cluster.openFromLocalCopy(e)) {
					break;
				}
				if (!said) {
					LOG.warn("waiting for the cluster store {}: {} (this node has no copy of the plugin set yet: PluginKit starts once it can read it)",
						settings.describe(), e.getMessage());
					said = true;
				}
			} catch (IOException e) {
				refuseToStart(e.getMessage());
				return;
			}
			try {
				Thread.sleep(backoff);
			} catch (InterruptedException e) {
				return;
			}
			backoff = Math.min(backoff * 2, 2000);
		}
		synchronized (this) {
			if (closed) {
				return;
			}
			cluster.startSync();
			registrations.add(context.registerService(StateStore.class, new PostgresStateStore(cluster), null));
			registrations.add(context.registerService(BundleArchive.class, new PostgresBundleArchive(cluster), null));
		}
		LOG.info("plugin set shared through the cluster store {} as node {}", settings.describe(), settings.node());
	}

	@Deactivate
	void deactivate() {
		synchronized (this) {
			closed = true;
			for (ServiceRegistration<?> r : registrations) {
				try {
					r.unregister();
				} catch (IllegalStateException e) {
					// the framework did it
				}
			}
			registrations.clear();
		}
		Thread t = opening;
		if (t != null) {
			t.interrupt();
		}
		ClusterStore s = store;
		if (s != null) {
			s.close();
		}
	}

	/** One line, then the framework stops: a node must not run on a plugin set it cannot share. */
	private void refuseToStart(String why) {
		System.err.println("PluginKit cannot start: " + why);
		System.err.flush();
		Thread stop = new Thread(() -> {
			try {
				context.getBundle(0).stop();
			} catch (Exception e) {
				// already stopping
			}
		}, "pluginkit-stop");
		stop.start();
	}
}
