package io.pluginkit.runtime.internal.registry;

import java.time.Duration;
import java.util.function.UnaryOperator;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bounds on what an install may cost: how far a jar may expand (zip bombs), how big a
 * download may be and how long it may take.
 *
 * @param maxExpandedBytes {@code pluginkit.jar.max.expanded.bytes}, default 256 MiB
 * @param maxDownloadBytes {@code pluginkit.install.max.bytes}, default 64 MiB
 * @param downloadTimeout {@code pluginkit.install.timeout.seconds}, default 30 s
 */
record InstallLimits(long maxExpandedBytes, long maxDownloadBytes, Duration downloadTimeout) {

	private static final Logger LOG = LoggerFactory.getLogger(InstallLimits.class);

	static final String MAX_EXPANDED_BYTES = "pluginkit.jar.max.expanded.bytes";
	static final long DEFAULT_MAX_EXPANDED_BYTES = 256L << 20;
	static final String MAX_DOWNLOAD_BYTES = "pluginkit.install.max.bytes";
	static final long DEFAULT_MAX_DOWNLOAD_BYTES = 64L << 20;
	static final String DOWNLOAD_TIMEOUT_SECONDS = "pluginkit.install.timeout.seconds";
	static final long DEFAULT_DOWNLOAD_TIMEOUT_SECONDS = 30;

	/** The limits a setting source gives (a name to its value, or null), each falling back to its default. */
	static InstallLimits from(UnaryOperator<String> setting) {
		return new InstallLimits(positive(setting, MAX_EXPANDED_BYTES, DEFAULT_MAX_EXPANDED_BYTES),
			positive(setting, MAX_DOWNLOAD_BYTES, DEFAULT_MAX_DOWNLOAD_BYTES),
			Duration.ofSeconds(positive(setting, DOWNLOAD_TIMEOUT_SECONDS, DEFAULT_DOWNLOAD_TIMEOUT_SECONDS)));
	}

	/** The limits the {@code -D} system properties give. */
	static InstallLimits fromSystemProperties() {
		return from(System::getProperty);
	}

	private static long positive(UnaryOperator<String> setting, String name, long fallback) {
		String value = setting.apply(name);
		if (value == null || value.isBlank()) {
			return fallback;
		}
		try {
			long n = Long.parseLong(value.trim());
			if (n > 0) {
				return n;
			}
		} catch (NumberFormatException e) {
			// said below
		}
		LOG.warn("{}={} is not a positive whole number; using {}", name, value, fallback);
		return fallback;
	}
}
