package io.pluginkit.runtime.internal.log;

import java.util.Hashtable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.LongConsumer;

import org.osgi.annotation.bundle.Capability;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceFactory;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.log.LogService;
import org.osgi.service.log.LoggerFactory;

/**
 * The OSGi log service ({@link LoggerFactory} and {@link LogService}) of the platform, writing
 * straight to PluginKit's slf4j log: SCR logs a component whose activate threw there, Config Admin
 * its errors, plugins what they like. Each bundle gets its own service object, so every line names
 * the bundle it came from.
 *
 * <p>Why not Felix Log: it keeps a log store for {@code LogReaderService} that nothing here needs,
 * records every framework event with a stack walk, and answers each of SCR's frequent
 * {@code isDebugEnabled()} with a {@code String.format}; a thousand plugins starting paid for that
 * on the registry's thread. Here a level check is the slf4j logger's.
 *
 * <p>Registered by the runtime's activator at start level 1, before SCR and Config Admin start, so
 * that both find it at once. The slf4j loggers behind it are looked up on first use, once slf4j's
 * provider (start level 3) is there.
 */
@Capability(namespace = "osgi.service", attribute = "objectClass:List<String>=\"org.osgi.service.log.LoggerFactory,"
	+ "org.osgi.service.log.LogService,io.pluginkit.runtime.internal.log.PlatformLog\"")
public final class PlatformLog {

	private final CopyOnWriteArrayList<LongConsumer> problemListeners = new CopyOnWriteArrayList<>();
	private ServiceRegistration<?> logService;
	private ServiceRegistration<?> self;

	/** Registers the log service, and itself for the registry; {@link #unregister()} takes both away. */
	public void register(BundleContext context) {
		Hashtable<String, Object> props = new Hashtable<>();
		props.put(Constants.SERVICE_DESCRIPTION, "PluginKit's log: the OSGi log service written to slf4j");
		props.put(Constants.SERVICE_RANKING, Integer.valueOf(100));
		// a factory of its own: registered as a ServiceFactory, this object would not be itself to the registry
		ServiceFactory<LogService> perBundle = new ServiceFactory<>() {
			@Override
			public LogService getService(Bundle bundle, ServiceRegistration<LogService> registration) {
				return new BundleLog(bundle, PlatformLog.this);
			}

			@Override
			public void ungetService(Bundle bundle, ServiceRegistration<LogService> registration, LogService service) {
				// nothing held
			}
		};
		logService = context.registerService(new String[] { LoggerFactory.class.getName(), LogService.class.getName() },
			perBundle, props);
		self = context.registerService(PlatformLog.class, this, null);
	}

	public void unregister() {
		unregister(self);
		unregister(logService);
		self = null;
		logService = null;
	}

	private static void unregister(ServiceRegistration<?> r) {
		if (r != null) {
			try {
				r.unregister();
			} catch (IllegalStateException e) {
				// already gone with the bundle
			}
		}
	}

	/**
	 * Hears every warning and error a bundle other than the framework logs (with its bundle id), on
	 * the thread that logs it: SCR logs a component that failed to activate while the bundle starts.
	 * The listener must be quick and must not throw.
	 */
	public void addProblemListener(LongConsumer listener) {
		problemListeners.add(listener);
	}

	public void removeProblemListener(LongConsumer listener) {
		problemListeners.remove(listener);
	}

	void problem(Bundle bundle) {
		if (bundle == null || bundle.getBundleId() == 0) {
			return;
		}
		for (LongConsumer listener : problemListeners) {
			try {
				listener.accept(bundle.getBundleId());
			} catch (RuntimeException e) {
				// a listener's failure must not fail the logging bundle
			}
		}
	}
}
