package io.pluginkit.runtime.internal.registry;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

import org.osgi.framework.Bundle;
import org.osgi.framework.wiring.BundleCapability;
import org.osgi.framework.wiring.BundleRevision;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;
import org.osgi.service.component.runtime.dto.ReferenceDTO;
import org.osgi.service.component.runtime.dto.UnsatisfiedReferenceDTO;

/**
 * What keeps a running plugin's components from working, in a user's words, from SCR's view of
 * them: a component whose activate threw, or one that waits for a service (and which installed
 * plugin could provide it).
 */
final class ComponentDiagnosis {

	/**
	 * The verdict on one plugin.
	 *
	 * @param failure why the plugin cannot run (an activation failure, a missing service), or
	 *            {@code null}: the plugin is then stopped and {@code FAILED}
	 * @param waitingFor the service interfaces it waits for: it is tried again when one appears
	 * @param warning what does not stop it (a component waiting for its configuration), or
	 *            {@code null}
	 */
	record Verdict(String failure, Set<String> waitingFor, String warning) {
	}

	private final ServiceComponentRuntime scr;

	ComponentDiagnosis(ServiceComponentRuntime scr) {
		this.scr = scr;
	}

	/**
	 * Looks at every enabled component of the bundle.
	 *
	 * @param providers who declares a service interface, e.g. {@code plugin 'x' provides it (DISABLED)}
	 */
	Verdict diagnose(Bundle bundle, Function<String, List<String>> providers) {
		return verdict(scr.getComponentDescriptionDTOs(bundle), providers);
	}

	/**
	 * Looks at the components of many bundles with one scan of SCR's components (asking bundle by
	 * bundle scans them all each time).
	 *
	 * @return the verdict for each bundle id that has components
	 */
	java.util.Map<Long, Verdict> diagnoseAll(Collection<Bundle> bundles, Function<String, List<String>> providers) {
		java.util.Map<Long, List<ComponentDescriptionDTO>> byBundle = new java.util.HashMap<>();
		for (ComponentDescriptionDTO d : scr.getComponentDescriptionDTOs(bundles.toArray(new Bundle[0]))) {
			byBundle.computeIfAbsent(d.bundle.id, k -> new ArrayList<>()).add(d);
		}
		java.util.Map<Long, Verdict> verdicts = new java.util.HashMap<>();
		byBundle.forEach((id, descriptions) -> verdicts.put(id, verdict(descriptions, providers)));
		return verdicts;
	}

	private Verdict verdict(Collection<ComponentDescriptionDTO> descriptions, Function<String, List<String>> providers) {
		List<String> failures = new ArrayList<>();
		List<String> warnings = new ArrayList<>();
		Set<String> waiting = new LinkedHashSet<>();
		for (ComponentDescriptionDTO d : descriptions) {
			if (!scr.isComponentEnabled(d)) {
				continue;
			}
			Collection<ComponentConfigurationDTO> configs = scr.getComponentConfigurationDTOs(d);
			if (configs.isEmpty() && "require".equals(d.configurationPolicy)) {
				warnings.add("component '" + d.name + "' waits for configuration " + String.join(", ", d.configurationPid));
			}
			for (ComponentConfigurationDTO c : configs) {
				if (c.state == ComponentConfigurationDTO.FAILED_ACTIVATION) {
					failures.add("component '" + d.name + "' failed to activate: " + firstLine(c.failure));
				} else if (c.state == ComponentConfigurationDTO.UNSATISFIED_REFERENCE) {
					for (UnsatisfiedReferenceDTO u : c.unsatisfiedReferences) {
						String iface = interfaceOf(d, u.name);
						waiting.add(iface);
						List<String> hints = providers.apply(iface);
						failures.add("component '" + d.name + "' waits for service " + iface + " (reference '" + u.name
							+ "')" + (hints.isEmpty() ? "; no installed plugin provides it" : "; " + String.join(", ", hints)));
					}
				}
			}
		}
		return new Verdict(failures.isEmpty() ? null : String.join("; ", failures), Set.copyOf(waiting),
			warnings.isEmpty() ? null : String.join("; ", warnings));
	}

	private static final java.util.regex.Pattern REFERENCE = java.util.regex.Pattern
		.compile("<(?:[\\w-]+:)?reference\\b[^>]*?\\binterface\\s*=\\s*[\"']([^\"']+)[\"']");
	private static final java.util.regex.Pattern REQUIRES_CONFIGURATION = java.util.regex.Pattern
		.compile("\\bconfiguration-policy\\s*=\\s*[\"']require[\"']");

	/**
	 * What a bundle's component descriptors say, read from its entries (no SCR query).
	 *
	 * @param references the service interfaces its components reference: only a change of those
	 *            services can make one of its components unsatisfied; empty when it has none;
	 *            {@code null} when a descriptor cannot be read or understood (any change counts)
	 * @param configurationRequired whether a component waits for its configuration
	 *            ({@code configuration-policy="require"})
	 */
	record Outline(Set<String> references, boolean configurationRequired) {

		static final Outline NONE = new Outline(Set.of(), false);
		static final Outline UNKNOWN = new Outline(null, true);

		/**
		 * Whether SCR could hold one of its components back without logging a problem: a reference
		 * not satisfied or a configuration not there. A plugin whose components have neither can only
		 * fail in activate, which SCR logs.
		 */
		boolean mayWait() {
			return references == null || !references.isEmpty() || configurationRequired;
		}
	}

	/** The bundle's component {@link Outline}. */
	static Outline outline(Bundle bundle) {
		String header = bundle.getHeaders("").get("Service-Component");
		if (header == null || header.isBlank()) {
			return Outline.NONE;
		}
		Set<String> interfaces = new java.util.HashSet<>();
		boolean configurationRequired = false;
		for (String path : header.split(",")) {
			String p = path.trim();
			int semi = p.indexOf(';');
			p = semi >= 0 ? p.substring(0, semi).trim() : p;
			// getEntry/getEntryPaths, never findEntries: that would resolve the bundle (costly, and early)
			List<java.net.URL> descriptors = new ArrayList<>();
			if (p.contains("*")) {
				int slash = p.lastIndexOf('/');
				String dir = slash >= 0 ? p.substring(0, slash + 1) : "";
				String glob = "\\Q" + p.substring(slash + 1).replace("*", "\\E.*\\Q") + "\\E";
				java.util.Enumeration<String> paths = bundle.getEntryPaths(dir.isEmpty() ? "/" : dir);
				while (paths != null && paths.hasMoreElements()) {
					String entry = paths.nextElement();
					if (entry.substring(entry.lastIndexOf('/', entry.length() - 2) + 1).matches(glob)) {
						descriptors.add(bundle.getEntry(entry));
					}
				}
			} else {
				java.net.URL entry = bundle.getEntry(p);
				if (entry != null) {
					descriptors.add(entry);
				}
			}
			for (java.net.URL descriptor : descriptors) {
				try (java.io.InputStream in = descriptor.openStream()) {
					String xml = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
					int before = interfaces.size();
					java.util.regex.Matcher m = REFERENCE.matcher(xml);
					while (m.find()) {
						interfaces.add(m.group(1).trim());
					}
					if (interfaces.size() == before && (xml.contains("<reference") || xml.contains(":reference"))) {
						return Outline.UNKNOWN; // a reference written in a way not understood here: any change counts
					}
					configurationRequired |= REQUIRES_CONFIGURATION.matcher(xml).find();
				} catch (java.io.IOException e) {
					return Outline.UNKNOWN; // cannot tell: any change counts
				}
			}
		}
		return new Outline(Set.copyOf(interfaces), configurationRequired);
	}

	/** Whether a bundle declares (with bnd's {@code osgi.service} capability) that it provides a service. */
	static boolean declares(Bundle bundle, String iface) {
		BundleRevision rev = bundle.adapt(BundleRevision.class);
		if (rev == null) {
			return false;
		}
		for (BundleCapability cap : rev.getDeclaredCapabilities("osgi.service")) {
			if (cap.getAttributes().get("objectClass") instanceof List<?> list && list.contains(iface)) {
				return true;
			}
		}
		return false;
	}

	private static String interfaceOf(ComponentDescriptionDTO d, String reference) {
		for (ReferenceDTO r : d.references) {
			if (r.name.equals(reference)) {
				return r.interfaceName;
			}
		}
		return reference;
	}

	static String firstLine(String text) {
		if (text == null || text.isBlank()) {
			return "unknown error";
		}
		return text.strip().lines().findFirst().orElse(text);
	}
}
