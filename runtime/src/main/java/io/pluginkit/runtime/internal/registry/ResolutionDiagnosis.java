package io.pluginkit.runtime.internal.registry;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.osgi.framework.Bundle;
import org.osgi.framework.namespace.PackageNamespace;
import org.osgi.framework.wiring.BundleCapability;
import org.osgi.framework.wiring.BundleRequirement;
import org.osgi.framework.wiring.BundleRevision;
import org.osgi.framework.wiring.FrameworkWiring;
import org.osgi.resource.Namespace;

/**
 * Explains in a user's words why a bundle does not resolve: which mandatory
 * requirement has no provider, and which installed bundle could provide it if
 * it resolved.
 */
final class ResolutionDiagnosis {

	private static final Pattern PACKAGE = Pattern.compile("\\(osgi\\.wiring\\.package=([^)]+)\\)");
	private static final Pattern VERSION_MIN = Pattern.compile("\\(version>=([^)]+)\\)");
	private static final Pattern VERSION_MAX = Pattern.compile("\\(!\\(version>=([^)]+)\\)\\)");

	private ResolutionDiagnosis() {
	}

	/** The reason, or {@code null} when every mandatory requirement has a provider. */
	static String explain(Bundle bundle, FrameworkWiring wiring) {
		BundleRevision revision = bundle.adapt(BundleRevision.class);
		if (revision == null) {
			return null;
		}
		List<String> missing = new ArrayList<>();
		for (BundleRequirement req : revision.getDeclaredRequirements(null)) {
			String effective = req.getDirectives()
				.getOrDefault(Namespace.REQUIREMENT_EFFECTIVE_DIRECTIVE, Namespace.EFFECTIVE_RESOLVE);
			if (Namespace.RESOLUTION_OPTIONAL.equals(req.getDirectives().get(Namespace.REQUIREMENT_RESOLUTION_DIRECTIVE))
				|| !Namespace.EFFECTIVE_RESOLVE.equals(effective)) {
				continue;
			}
			if (providedByItself(revision, req)) {
				continue; // a package it imports and exports itself (substitutable): it wires to its own
			}
			Collection<BundleCapability> providers = wiring.findProviders(req);
			providers.removeIf(c -> c.getRevision().getBundle().getBundleId() == bundle.getBundleId());
			if (providers.isEmpty() && EE.equals(req.getNamespace())) {
				missing.add(javaVersion(req));
			} else if (providers.isEmpty()) {
				missing.add(describe(req) + " is missing; install a bundle that provides it");
			} else if (providers.stream().allMatch(c -> c.getRevision().getWiring() == null)) {
				Bundle candidate = providers.iterator().next().getRevision().getBundle();
				missing.add(describe(req) + " is provided only by bundle " + candidate.getBundleId() + " ("
					+ candidate.getSymbolicName() + "), which does not resolve itself");
			}
		}
		return missing.isEmpty() ? null : String.join("; ", missing);
	}

	private static final String EE = "osgi.ee";
	private static final Pattern EE_VERSION = Pattern.compile("\\(version=([0-9.]+)\\)");

	private static boolean providedByItself(BundleRevision revision, BundleRequirement req) {
		for (BundleCapability own : revision.getDeclaredCapabilities(req.getNamespace())) {
			if (req.matches(own)) {
				return true;
			}
		}
		return false;
	}

	/** An {@code osgi.ee} requirement no one meets: the plugin was compiled for a newer Java. */
	static String javaVersion(BundleRequirement req) {
		String filter = req.getDirectives().getOrDefault(Namespace.REQUIREMENT_FILTER_DIRECTIVE, "");
		String running = Runtime.version().feature() + "";
		Matcher version = EE_VERSION.matcher(filter);
		String wanted = filter.contains("UNKNOWN") ? "a newer Java than this runtime knows (osgi.ee=UNKNOWN)"
			: version.find() ? "Java " + version.group(1).replaceFirst("\\.0$", "") : "another Java (" + filter + ")";
		return "it was compiled for " + wanted + ", but PluginKit runs on Java " + running
			+ " and supports plugins built for Java 17; build it with --release 17 (maven.compiler.release)";
	}

	static String describe(BundleRequirement req) {
		String filter = req.getDirectives().getOrDefault(Namespace.REQUIREMENT_FILTER_DIRECTIVE, "");
		if (PackageNamespace.PACKAGE_NAMESPACE.equals(req.getNamespace())) {
			Matcher name = PACKAGE.matcher(filter);
			if (name.find()) {
				Matcher min = VERSION_MIN.matcher(filter);
				Matcher max = VERSION_MAX.matcher(filter);
				String range = "";
				if (min.find()) {
					range = " [" + min.group(1) + (max.find() ? "," + max.group(1) + ")" : ",)");
				}
				return "package " + name.group(1) + range;
			}
		}
		return "requirement " + req.getNamespace() + " " + filter;
	}
}
