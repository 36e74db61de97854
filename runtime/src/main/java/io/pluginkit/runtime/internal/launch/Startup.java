package io.pluginkit.runtime.internal.launch;

import java.io.IOException;
import java.io.PrintStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.Version;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.startlevel.FrameworkStartLevel;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.servlet.runtime.HttpServiceRuntime;
import org.osgi.util.tracker.ServiceTracker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.pluginkit.runtime.internal.deploy.HotDeployWatcher;
import io.pluginkit.runtime.internal.registry.PluginRegistry;
import io.pluginkit.runtime.internal.registry.PluginState;
import io.pluginkit.runtime.internal.settings.Settings;
import io.pluginkit.runtime.internal.state.AtomicFile;

/**
 * Brings PluginKit up in order (the hot-deploy folder's jars and the plugins kept
 * in the data directory, in the order they were first installed, then every
 * plugin to its desired state), prints the one
 * startup line, writes {@code <data>/http.port}, and stops the framework
 * cleanly on SIGTERM/SIGINT.
 */
@Component(service = Startup.class, immediate = true)
public final class Startup {

	private static final Logger LOG = LoggerFactory.getLogger(Startup.class);
	private static final long HTTP_WAIT_SECONDS = 30;
	private static final long START_LEVEL_WAIT_SECONDS = 60;

	private final BundleContext context;
	private final Thread shutdownHook;
	private final Thread startup;
	private final CountDownLatch started = new CountDownLatch(1);
	private final Path portFile;
	private volatile Integer writtenPort;

	@Activate
	public Startup(BundleContext context, @Reference PluginRegistry registry, @Reference HotDeployWatcher watcher) {
		this.context = context;
		Settings settings = Settings.from(context);
		this.portFile = settings.dataDir().resolve("http.port");
		this.shutdownHook = new Thread(this::stopFramework, "pluginkit-shutdown");
		// an embedding launcher (e.g. the in-framework test runner) that stops the framework itself
		// turns the hook off with pluginkit.shutdown.hook=false
		if (!"false".equalsIgnoreCase(String.valueOf(context.getProperty("pluginkit.shutdown.hook")).trim())) {
			Runtime.getRuntime().addShutdownHook(shutdownHook);
		}
		this.startup = new Thread(() -> start(settings, registry, watcher), "pluginkit-startup");
		startup.start();
	}

	@Deactivate
	void deactivate() {
		stopAllIfRuntimeStopped();
		startup.interrupt();
		try {
			startup.join(10_000); // a refresh of the runtime must not leave an old startup thread running
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
		}
		forgetPort();
		try {
			Runtime.getRuntime().removeShutdownHook(shutdownHook);
		} catch (IllegalStateException e) {
			// the JVM is already shutting down: the hook is running
		}
	}

	/**
	 * Waits until the startup line has been printed (or startup gave up), so that the console's
	 * first prompt comes after it.
	 */
	public boolean awaitStarted(long millis) throws InterruptedException {
		return started.await(millis, TimeUnit.MILLISECONDS);
	}

	private void start(Settings settings, PluginRegistry registry, HotDeployWatcher watcher) {
		try {
			startUp(settings, registry, watcher);
		} finally {
			started.countDown();
		}
	}

	private void startUp(Settings settings, PluginRegistry registry, HotDeployWatcher watcher) {
		long t0 = ManagementFactory.getRuntimeMXBean().getUptime();
		long[] scanned = new long[1];
		// the folder's jars are read and installed (interleaved in install order with the kept ones) while
		// the framework finishes starting the platform: installed plugins do not start before applyAll
		if (!raiseToPluginStartLevel(registry, () -> {
			watcher.initialScan();
			scanned[0] = ManagementFactory.getRuntimeMXBean().getUptime();
		})) {
			return;
		}
		long t1 = ManagementFactory.getRuntimeMXBean().getUptime();
		registry.restoreStoredBundles(); // the kept bundles installed after every folder jar
		registry.applyAll();
		long t2 = ManagementFactory.getRuntimeMXBean().getUptime();
		LOG.debug("startup phases: runtime up at {} ms, folder scanned at {} ms, plugins' start level at {} ms, plugins applied at {} ms",
			t0, scanned[0], t1, t2);
		watcher.startPolling();
		registry.markRunning();

		String url = "(HTTP is not up after " + HTTP_WAIT_SECONDS + " s: see the log)";
		Integer port = httpPort();
		if (port == null && isTaken(configuredPort())) {
			url = "(no HTTP: port " + configuredPort() + " is already in use; choose another with"
				+ " -Dorg.osgi.service.http.port=<port>, 0 = any free port)";
		}
		if (port != null) {
			url = "http://" + settings.httpHost() + ":" + port + "/";
			writePort(settings.dataDir(), port);
			writtenPort = port;
		}
		Map<PluginState, Integer> counts = registry.snapshot().counts();
		long millis = ManagementFactory.getRuntimeMXBean().getUptime();
		PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
		out.println("PluginKit " + version(context.getBundle().getVersion()) + " started in " + millis + " ms on " + url
			+ " \u2014 " + plural(counts.get(PluginState.ENABLED), "plugin") + " enabled, " + counts.get(PluginState.DISABLED)
			+ " disabled, " + counts.get(PluginState.FAILED) + " failed");
		out.flush();
	}

	/**
	 * The platform bundles start in start levels (see pluginkit.bndrun), up to the level the framework
	 * starts at; every plugin has {@link PluginRegistry#PLUGIN_START_LEVEL}, above it. So the framework never
	 * starts a plugin of the kept bundle cache by itself: the registry first marks those that must not run as
	 * stopped, then the framework is raised to the plugins' level, which starts the others in install order,
	 * after the platform they run on. Installs from then on start at once.
	 *
	 * @param meanwhile runs once the raise is asked for, while the framework climbs (the folder scan)
	 */
	private boolean raiseToPluginStartLevel(PluginRegistry registry, Runnable meanwhile) {
		registry.holdBackUnwanted();
		FrameworkStartLevel startLevel = context.getBundle(0).adapt(FrameworkStartLevel.class);
		int pluginLevel = PluginRegistry.PLUGIN_START_LEVEL;
		// done when the framework says the change is complete: it reports the new level as soon as it starts
		// on it, before the bundles of that level have started
		CountDownLatch reached = new CountDownLatch(1);
		registry.raisingStartLevel(true);
		try {
			if (startLevel.getStartLevel() < pluginLevel) {
				startLevel.setStartLevel(pluginLevel, event -> reached.countDown());
			} else {
				reached.countDown();
			}
			meanwhile.run();
			if (!reached.await(START_LEVEL_WAIT_SECONDS, TimeUnit.SECONDS)) {
				LOG.warn("the framework did not reach start level {} within {} s; applying plugins anyway", pluginLevel,
					START_LEVEL_WAIT_SECONDS);
			}
			return true;
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			return false;
		} catch (IllegalStateException e) {
			return false; // the runtime is stopping
		} finally {
			registry.raisingStartLevel(false);
		}
	}

	private Integer httpPort() {
		ServiceTracker<HttpServiceRuntime, HttpServiceRuntime> tracker = new ServiceTracker<>(context,
			HttpServiceRuntime.class, null);
		tracker.open();
		try {
			long begin = System.nanoTime();
			int taken = 0;
			while (tracker.waitForService(500) == null) {
				long waited = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - begin);
				if (waited >= HTTP_WAIT_SECONDS) {
					return null;
				}
				// Felix HTTP logs a bind failure and never comes up: say so instead of waiting it out.
				// Jetty itself holds the port for a moment while starting, hence several checks.
				taken = waited >= 2 && isTaken(configuredPort()) ? taken + 1 : 0;
				if (taken >= 4 && tracker.getService() == null) {
					return null;
				}
			}
			Object port = tracker.getServiceReference().getProperty("org.osgi.service.http.port");
			if (port != null) {
				return Integer.valueOf(port.toString().trim());
			}
			Object endpoint = tracker.getServiceReference().getProperty("osgi.http.endpoint");
			String first = endpoint instanceof String[] a && a.length > 0 ? a[0] : String.valueOf(endpoint);
			java.util.regex.Matcher m = java.util.regex.Pattern.compile(":(\\d+)/").matcher(first);
			return m.find() ? Integer.valueOf(m.group(1)) : null;
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			return null;
		} catch (NumberFormatException e) {
			return null;
		} finally {
			tracker.close();
		}
	}

	private int configuredPort() {
		String value = context.getProperty("org.osgi.service.http.port");
		try {
			return value == null ? 8080 : Integer.parseInt(value.trim());
		} catch (NumberFormatException e) {
			return -1;
		}
	}

	private static boolean isTaken(int port) {
		if (port <= 0) {
			return false;
		}
		try (java.net.ServerSocket probe = new java.net.ServerSocket()) {
			probe.setReuseAddress(true);
			probe.bind(new java.net.InetSocketAddress(port));
			return false;
		} catch (IOException e) {
			return true;
		}
	}

	private static void writePort(Path dataDir, int port) {
		try {
			Files.createDirectories(dataDir);
			AtomicFile.replace(dataDir.resolve("http.port"), out -> out.write((port + "\n").getBytes(StandardCharsets.US_ASCII)));
		} catch (IOException e) {
			LOG.error("cannot write {}/http.port: {}", dataDir, e.getMessage());
		}
	}

	/** A stopped PluginKit leaves no port behind for scripts to find (unless another one wrote it since). */
	private void forgetPort() {
		Integer port = writtenPort;
		try {
			if (port != null && Files.isRegularFile(portFile)
				&& Files.readString(portFile).trim().equals(String.valueOf(port))) {
				Files.delete(portFile);
			}
		} catch (IOException e) {
			LOG.debug("cannot remove {}: {}", portFile, e.getMessage());
		}
	}

	static String plural(int n, String noun) {
		return n + " " + noun + (n == 1 ? "" : "s");
	}

	static String version(Version v) {
		String base = v.getMajor() + "." + v.getMinor() + "." + v.getMicro();
		return v.getQualifier().isEmpty() ? base : base + "-" + v.getQualifier();
	}

	/**
	 * Someone stopped PluginKit's own bundle (plain Felix {@code stop}) while the framework runs: nothing
	 * would serve or read the console any more, so the whole process stops instead of lingering.
	 */
	private void stopAllIfRuntimeStopped() {
		Bundle self = context.getBundle();
		org.osgi.framework.startlevel.BundleStartLevel level = self.adapt(org.osgi.framework.startlevel.BundleStartLevel.class);
		if (context.getBundle(0).getState() == Bundle.ACTIVE && self.getState() == Bundle.STOPPING
			&& level != null && !level.isPersistentlyStarted()) {
			// straight to the process's stderr: System.err may be the stopping console session's
			PrintStream err = new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8);
			err.println("PluginKit's runtime bundle was stopped: PluginKit stops (start it again with java -jar)");
			Thread stopper = new Thread(this::stopFramework, "pluginkit-stop");
			stopper.start();
		}
	}

	/** SIGTERM/SIGINT: stop the framework, which stops plugins in reverse order; nothing is recorded. */
	private void stopFramework() {
		try {
			Framework framework = (Framework) context.getBundle(0);
			if (framework.getState() != Bundle.ACTIVE) {
				return;
			}
			framework.stop();
			FrameworkEvent event = framework.waitForStop(TimeUnit.SECONDS.toMillis(30));
			if (event.getType() == FrameworkEvent.WAIT_TIMEDOUT) {
				System.err.println("PluginKit: the framework did not stop within 30 s");
			}
		} catch (Exception e) {
			System.err.println("PluginKit: stopping the framework failed: " + e);
		}
	}
}
