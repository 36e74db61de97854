package io.pluginkit.runtime.internal.registry;

import java.util.ArrayList;
import java.util.Dictionary;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;
import java.util.regex.Pattern;

import org.osgi.framework.Version;
import org.osgi.framework.VersionRange;

import io.pluginkit.api.Plugin;

/**
 * The {@code Plugin-*} headers of a bundle, read and checked (DESIGN §3).
 *
 * @param problem what is wrong with the metadata, naming the header and the
 *            value; {@code null} when valid
 */
public record PluginMetadata(String name, String author, String version, String description, String url,
	String license, String licenseFile, String readmeFile, boolean enabledByDefault, String requires,
	String problem) {

	static final Pattern NAME = Pattern.compile("[a-z][a-z0-9._-]{0,63}");

	/** Whether the headers say this bundle is a plugin at all (it has {@code Plugin-Name}). */
	public static boolean isPlugin(Dictionary<String, String> headers) {
		return headers.get(Plugin.NAME) != null;
	}

	/**
	 * Reads and checks the plugin headers.
	 *
	 * @param headers the bundle's manifest headers
	 * @param hasEntry whether a path exists inside the bundle
	 * @param runtimeVersion PluginKit's version, for {@code Plugin-Requires}
	 */
	public static PluginMetadata read(Dictionary<String, String> headers, Predicate<String> hasEntry,
		Version runtimeVersion) {
		List<String> problems = new ArrayList<>();
		String name = trim(headers.get(Plugin.NAME));
		String author = trim(headers.get(Plugin.AUTHOR));
		String version = trim(headers.get("Bundle-Version"));
		String state = trim(headers.get(Plugin.STATE));
		String requires = trim(headers.get(Plugin.REQUIRES));
		String licenseFile = trim(headers.get(Plugin.LICENSE_FILE));
		String readmeFile = trim(headers.get(Plugin.README_FILE));

		if (name == null || !NAME.matcher(name).matches()) {
			problems.add(Plugin.NAME + " '" + cut(name == null ? "" : name)
				+ "' is invalid: it must match [a-z][a-z0-9._-]{0,63}");
		}
		if (author == null) {
			problems.add(Plugin.AUTHOR + " is missing: every plugin names its author" + (processorRan(headers) ? ""
				: " (none of the headers the @Plugin annotation processor writes is there: it did not run; on JDK 23"
					+ " and later set <proc>full</proc> in the maven-compiler-plugin configuration)"));
		}
		if (version == null) {
			problems.add("Bundle-Version is missing: a plugin needs a version");
		} else {
			try {
				Version.parseVersion(version);
			} catch (IllegalArgumentException e) {
				problems.add("Bundle-Version '" + cut(version) + "' is invalid: use the OSGi form 1.2.3 or 1.2.3.qualifier");
			}
		}
		boolean enabled = true;
		if (state != null) {
			switch (state.toLowerCase(Locale.ROOT)) {
				case "enabled" -> enabled = true;
				case "disabled" -> enabled = false;
				default -> problems.add(Plugin.STATE + " '" + cut(state) + "' is invalid: use enabled or disabled");
			}
		}
		if (licenseFile != null && !hasEntry.test(licenseFile)) {
			problems.add(Plugin.LICENSE_FILE + " '" + cut(licenseFile) + "' is not in the bundle");
		}
		if (readmeFile != null && !hasEntry.test(readmeFile)) {
			problems.add(Plugin.README_FILE + " '" + cut(readmeFile) + "' is not in the bundle");
		}
		if (requires != null) {
			try {
				VersionRange range = new VersionRange(requires);
				if (!range.includes(runtimeVersion)) {
					problems.add(Plugin.REQUIRES + " '" + cut(requires) + "' does not include this PluginKit's version "
						+ runtimeVersion.getMajor() + "." + runtimeVersion.getMinor() + "." + runtimeVersion.getMicro());
				}
			} catch (IllegalArgumentException e) {
				problems.add(Plugin.REQUIRES + " '" + cut(requires) + "' is not an OSGi version range such as [1.0,2)");
			}
		}
		return new PluginMetadata(name, author, version, trim(headers.get(Plugin.DESCRIPTION)),
			trim(headers.get(Plugin.URL)), trim(headers.get(Plugin.LICENSE)), licenseFile, readmeFile, enabled,
			requires, problems.isEmpty() ? null : String.join("; ", problems));
	}

	/** The longest header value shown in a message or a list; longer ones are cut. */
	static final int SHOWN = 80;

	/** A value as messages show it: at most {@value #SHOWN} characters, cut with an ellipsis. */
	public static String cut(String value) {
		if (value == null || value.length() <= SHOWN) {
			return value;
		}
		return value.substring(0, SHOWN - 1) + "\u2026 (" + value.length() + " characters)";
	}

	/** Whether any header the {@code @Plugin} annotation processor writes is present. */
	private static boolean processorRan(Dictionary<String, String> headers) {
		for (String h : new String[] { Plugin.AUTHOR, Plugin.DESCRIPTION, Plugin.URL, Plugin.LICENSE,
			Plugin.LICENSE_FILE, Plugin.README_FILE, Plugin.STATE, Plugin.REQUIRES }) {
			if (headers.get(h) != null) {
				return true;
			}
		}
		return false;
	}

	/** The same metadata with one more problem. */
	PluginMetadata withProblem(String more) {
		return new PluginMetadata(name, author, version, description, url, license, licenseFile, readmeFile,
			enabledByDefault, requires, problem == null ? more : problem + "; " + more);
	}

	private static String trim(String value) {
		if (value == null) {
			return null;
		}
		String t = value.trim();
		return t.isEmpty() ? null : t;
	}
}
