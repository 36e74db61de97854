package io.pluginkit.runtime.internal.launch;

import java.util.logging.Level;
import java.util.logging.Logger;

import org.osgi.annotation.bundle.Header;
import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;

import io.pluginkit.runtime.internal.log.PlatformLog;

/**
 * Runs first (start level 1, see {@code pluginkit.bndrun}), once every platform bundle is installed and
 * before any starts: registers the platform's OSGi log service before SCR and Config Admin start, quiets
 * the JDK-logging chatter of the platform bundles that start after it (SPI Fly logs one INFO line per
 * service provider it wires; only its warnings are kept), and starts watching for bundles that need the
 * Service Loader Mediator ({@link MediatorOnDemand}).
 */
@Header(name = Constants.BUNDLE_ACTIVATOR, value = "${@class}")
public final class PlatformSetup implements BundleActivator {

    /** Held strongly: java.util.logging keeps loggers weakly and would forget the level. */
    private static final Logger SPIFLY = Logger.getLogger("org.apache.aries.spifly");

    private final PlatformLog log = new PlatformLog();
    private MediatorOnDemand mediator;

    @Override
    public void start(BundleContext context) {
        if (System.getProperty("java.util.logging.config.file") == null) {
            SPIFLY.setLevel(Level.WARNING);
        }
        log.register(context);
        mediator = new MediatorOnDemand(context);
        mediator.open();
    }

    @Override
    public void stop(BundleContext context) {
        mediator.close();
        log.unregister();
        // levels stay as they are: the JVM is going away or the runtime restarts
    }
}
