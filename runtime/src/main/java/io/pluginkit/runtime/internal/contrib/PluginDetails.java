package io.pluginkit.runtime.internal.contrib;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;

/**
 * What a plugin contributes, its components and its figures, gathered from every extension point's
 * {@link ContributionReport} and from SCR: what {@code plugin:info} prints and what the admin API's
 * plugin detail returns, assembled once for both.
 */
@Component(service = PluginDetails.class)
public final class PluginDetails {

	/** A file read from a plugin's bundle is cut at this many bytes. */
	public static final int MAX_FILE_BYTES = 256 * 1024;

	/**
	 * One plugin's details at one moment.
	 *
	 * @param running whether its bundle is active (when not, it contributes nothing)
	 */
	public record Details(boolean running, List<String> contributions, List<String> components, List<String> metrics) {
	}

	private final BundleContext context;
	private final ServiceComponentRuntime scr;
	/** What each extension point reports of a plugin, in their ranking order (hooks, then error handlers, ...). */
	private final Contributions<ContributionReport> reports = new Contributions<>();

	@Activate
	public PluginDetails(BundleContext context, @Reference ServiceComponentRuntime scr) {
		this.context = context;
		this.scr = scr;
	}

	@Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
		policyOption = ReferencePolicyOption.GREEDY, updated = "updatedReport")
	void addReport(ContributionReport report, ServiceReference<ContributionReport> ref) {
		reports.add(report, ref);
	}

	void updatedReport(ServiceReference<ContributionReport> ref) {
		reports.updated(ref);
	}

	void removeReport(ServiceReference<ContributionReport> ref) {
		reports.remove(ref);
	}

	/** The details of a bundle, or {@code null} when it is gone. */
	public Details of(long bundleId) {
		Bundle b = bundleId < 0 ? null : context.getBundle(bundleId);
		if (b == null) {
			return null;
		}
		List<String> contributions = new ArrayList<>();
		List<String> metrics = new ArrayList<>();
		for (Contribution<ContributionReport> r : reports.snapshot()) {
			contributions.addAll(r.service().describe(bundleId));
			metrics.addAll(r.service().metrics(bundleId));
		}
		ServiceReference<?>[] services = b.getRegisteredServices();
		if (services != null) {
			for (ServiceReference<?> ref : services) {
				Object pattern = ref.getProperty("osgi.http.whiteboard.servlet.pattern");
				if (pattern != null) {
					contributions.add("servlet " + patterns(pattern));
				}
			}
		}
		return new Details(b.getState() == Bundle.ACTIVE, contributions, components(b), metrics);
	}

	/**
	 * A text file inside a plugin's bundle (its readme or license), at most {@link #MAX_FILE_BYTES};
	 * {@code null} when the bundle or the entry is missing.
	 */
	public String file(long bundleId, String path) throws IOException {
		Bundle b = bundleId < 0 || path == null ? null : context.getBundle(bundleId);
		URL url = b == null ? null : b.getEntry(path);
		if (url == null) {
			return null;
		}
		try (InputStream in = url.openStream()) {
			return new String(in.readNBytes(MAX_FILE_BYTES), StandardCharsets.UTF_8);
		}
	}

	private List<String> components(Bundle b) {
		List<String> result = new ArrayList<>();
		for (ComponentDescriptionDTO d : scr.getComponentDescriptionDTOs(b)) {
			String services = d.serviceInterfaces.length == 0 ? "" : " provides " + String.join(", ", d.serviceInterfaces);
			if (!scr.isComponentEnabled(d)) {
				result.add(d.name + " DISABLED" + services);
				continue;
			}
			for (ComponentConfigurationDTO c : scr.getComponentConfigurationDTOs(d)) {
				result.add(d.name + " " + componentState(c.state) + services);
			}
		}
		return result;
	}

	private static String componentState(int state) {
		return switch (state) {
			case ComponentConfigurationDTO.ACTIVE -> "ACTIVE";
			case ComponentConfigurationDTO.SATISFIED -> "SATISFIED";
			case ComponentConfigurationDTO.UNSATISFIED_REFERENCE -> "UNSATISFIED_REFERENCE";
			case ComponentConfigurationDTO.UNSATISFIED_CONFIGURATION -> "UNSATISFIED_CONFIGURATION";
			case ComponentConfigurationDTO.FAILED_ACTIVATION -> "FAILED_ACTIVATION";
			default -> "UNKNOWN";
		};
	}

	private static String patterns(Object pattern) {
		if (pattern instanceof String[] a) {
			return Arrays.stream(a).collect(Collectors.joining(", "));
		}
		return String.valueOf(pattern);
	}
}
