package io.pluginkit.testing.plugins;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import org.osgi.framework.BundleContext;

/**
 * A test plugin that says each time its code runs: on activate it appends a line to
 * {@code <itest.marker.dir>/<its Plugin-Name>}, so a test sees whether a plugin ran,
 * even for a moment.
 */
public class StartMarker {

	public void activate(BundleContext context) throws IOException {
		String dir = context.getProperty("itest.marker.dir");
		if (dir != null) {
			Files.writeString(Path.of(dir, context.getBundle().getHeaders().get("Plugin-Name")), "started\n", StandardCharsets.UTF_8,
				StandardOpenOption.CREATE, StandardOpenOption.APPEND);
		}
	}
}
