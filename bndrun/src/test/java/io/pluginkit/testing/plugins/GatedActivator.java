package io.pluginkit.testing.plugins;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;

/**
 * A test plugin whose activator is slow: it starts only once the file {@code open} appears in the
 * folder its {@code Test-Gate} header names (or after 30 s, its own deadline). Before it waits it
 * writes the HTTP port to {@code port} in that folder, so that a test can reach PluginKit before
 * its startup line.
 */
public class GatedActivator implements BundleActivator {

	static final long DEADLINE_NANOS = TimeUnit.SECONDS.toNanos(30);
	private static final Pattern ENDPOINT_PORT = Pattern.compile(":(\\d+)/");

	@Override
	public void start(BundleContext context) throws Exception {
		Path gate = Path.of(context.getBundle().getHeaders().get("Test-Gate"));
		long deadline = System.nanoTime() + DEADLINE_NANOS;
		int port = 0;
		while (port <= 0 && System.nanoTime() < deadline) {
			port = port(context.getServiceReference("org.osgi.service.servlet.runtime.HttpServiceRuntime"));
			if (port <= 0) {
				Thread.sleep(20);
			}
		}
		Path tmp = Files.createTempFile(gate, ".port", ".tmp");
		Files.writeString(tmp, Integer.toString(port), StandardCharsets.UTF_8);
		Files.move(tmp, gate.resolve("port"), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
		while (!Files.exists(gate.resolve("open")) && System.nanoTime() < deadline) {
			Thread.sleep(20);
		}
	}

	@Override
	public void stop(BundleContext context) {
	}

	private static int port(ServiceReference<?> http) {
		if (http == null) {
			return 0;
		}
		Object port = http.getProperty("org.osgi.service.http.port");
		if (port != null && !port.toString().isBlank()) {
			return Integer.parseInt(port.toString().trim());
		}
		Object endpoint = http.getProperty("osgi.http.endpoint");
		String first = endpoint instanceof String[] a && a.length > 0 ? a[0] : String.valueOf(endpoint);
		Matcher m = ENDPOINT_PORT.matcher(first);
		return m.find() ? Integer.parseInt(m.group(1)) : 0;
	}
}
