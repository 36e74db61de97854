package io.pluginkit.bench.installer;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.osgi.annotation.bundle.Header;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.FrameworkListener;
import org.osgi.framework.startlevel.FrameworkStartLevel;

/**
 * The bare Felix peer of PluginKit's hot-deploy folder: with {@code -Dbench.install.dir=<folder>}, once the
 * framework has reached the start level of new bundles (the platform is up, as PluginKit waits for it), installs every
 * {@code *.jar} of the folder in name order from a stream (as PluginKit installs folder jars), then starts
 * them all, and prints one line: {@code bench-installer: N bundles ACTIVE (install X ms, start Y ms)}. Without
 * the property it does nothing. No registry, no state, no checks: the floor PluginKit is measured against.
 */
@Header(name = Constants.BUNDLE_ACTIVATOR, value = "${@class}")
public final class Installer implements BundleActivator, FrameworkListener {

	static final String DIR = "bench.install.dir";

	private BundleContext context;
	private Path dir;

	@Override
	public void start(BundleContext context) {
		String dir = context.getProperty(DIR);
		if (dir == null || dir.isBlank()) {
			return;
		}
		this.context = context;
		this.dir = Path.of(dir);
		context.addFrameworkListener(this);
		frameworkEvent(null);
	}

	/** Once the framework has reached the start level of the bundles to install (as PluginKit waits). */
	@Override
	public synchronized void frameworkEvent(FrameworkEvent event) {
		if (context == null) {
			return;
		}
		FrameworkStartLevel level = context.getBundle(Constants.SYSTEM_BUNDLE_ID).adapt(FrameworkStartLevel.class);
		if (level.getStartLevel() < level.getInitialBundleStartLevel()) {
			return;
		}
		BundleContext ctx = context;
		context = null; // once
		ctx.removeFrameworkListener(this);
		Thread installer = new Thread(() -> installAndStart(ctx), "bench-installer");
		installer.setDaemon(true);
		installer.start();
	}

	private void installAndStart(BundleContext ctx) {
		try {
			List<Path> jars;
			try (Stream<Path> files = Files.list(dir)) {
				jars = files.filter(p -> p.getFileName().toString().endsWith(".jar")).sorted().toList();
			}
			long t0 = System.nanoTime();
			List<Bundle> bundles = new ArrayList<>();
			for (Path jar : jars) {
				try (InputStream in = Files.newInputStream(jar)) {
					bundles.add(ctx.installBundle(jar.toUri().toString(), in));
				}
			}
			long t1 = System.nanoTime();
			int active = 0;
			for (Bundle bundle : bundles) {
				try {
					bundle.start();
				} catch (BundleException e) {
					System.out.println("bench-installer: cannot start " + bundle.getLocation() + ": " + e.getMessage());
				}
				if (bundle.getState() == Bundle.ACTIVE) {
					active++;
				}
			}
			long t2 = System.nanoTime();
			System.out.println("bench-installer: " + active + " bundles ACTIVE (install " + (t1 - t0) / 1_000_000
				+ " ms, start " + (t2 - t1) / 1_000_000 + " ms)");
		} catch (IOException | BundleException | RuntimeException e) {
			System.out.println("bench-installer: failed: " + e);
		}
	}

	@Override
	public void stop(BundleContext context) {
		// the installed bundles are the framework's now
	}
}
