package io.pluginkit.runtime.internal.shell;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import org.apache.felix.service.command.annotations.GogoCommand;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.pluginkit.runtime.internal.registry.LibraryInfo;
import io.pluginkit.runtime.internal.registry.PluginException;
import io.pluginkit.runtime.internal.registry.PluginInfo;
import io.pluginkit.runtime.internal.registry.PluginRegistry;
import io.pluginkit.runtime.internal.contrib.PluginDetails;

/**
 * The Gogo {@code plugin:*} commands. Each returns its reply as text (so a script can keep and
 * test it: {@code x = plugin:disable helloworld}); a failure is an exception whose message is
 * one line (e.g. {@code plugin 'x' not found; installed: a, b}), never a stack trace.
 */
@Component(service = PluginCommands.class)
@GogoCommand(scope = "plugin", function = { "list", "info", "enable", "disable", "install", "update", "uninstall",
	"libraries" })
public final class PluginCommands {

	private final BundleContext context;
	private final PluginRegistry registry;
	/** What each extension point reports of a plugin, and its components (shared with the admin API). */
	private final PluginDetails details;

	@Activate
	public PluginCommands(BundleContext context, @Reference PluginRegistry registry,
		@Reference PluginDetails details) {
		this.context = context;
		this.registry = registry;
		this.details = details;
	}

	/** plugin:list — table of plugins. */
	public String list() {
		int libraries = registry.libraries().size();
		String storeProblem = registry.storeProblem();
		return table(registry.snapshot().plugins()) + libraries + (libraries == 1 ? " library" : " libraries")
			+ " (plugin:libraries lists them)" + (storeProblem == null ? "" : "\nDEGRADED: " + storeProblem);
	}

	/** plugin:libraries — bundles that are not plugins. */
	public String libraries() {
		List<String[]> rows = new ArrayList<>();
		rows.add(new String[] { "ID", "STATE", "SYMBOLIC NAME", "VERSION" });
		for (LibraryInfo l : registry.libraries()) {
			rows.add(new String[] { Long.toString(l.bundleId()), l.state(), l.symbolicName(), l.version() });
		}
		return Table.format(rows).stripTrailing();
	}

	/** plugin:info — everything about one plugin. */
	public String info(String nameOrId) throws PluginException {
		PluginInfo p = registry.get(nameOrId);
		java.io.StringWriter text = new java.io.StringWriter();
		try (java.io.PrintWriter out = new java.io.PrintWriter(text)) {
			out.println("Plugin      " + p.name());
			line(out, "Version", p.version());
			line(out, "State", p.state() + " since " + p.since());
			line(out, "Reason", p.reason());
			line(out, "Author", p.author());
			line(out, "Description", p.description());
			line(out, "Url", p.url());
			line(out, "License", p.license());
			line(out, "Default", p.enabledByDefault() ? "enabled" : "disabled");
			line(out, "Requires", p.requires());
			line(out, "Bundle", p.bundleId() + " " + p.symbolicName());
			line(out, "Location", p.location());
			Bundle b = p.bundleId() < 0 ? null : context.getBundle(p.bundleId());
			if (b == null) {
				return text.toString().stripTrailing();
			}
			PluginDetails.Details d = details.of(b.getBundleId());
			List<String> contributions = d.contributions();
			List<String> metrics = d.metrics();
			out.println("Contributions:");
			if (contributions.isEmpty()) {
				out.println("  none" + (b.getState() == Bundle.ACTIVE ? "" : " (the plugin is not running)"));
			}
			contributions.forEach(c -> out.println("  " + c));
			out.println("Components:");
			List<String> components = d.components();
			if (components.isEmpty()) {
				out.println("  none" + (b.getState() == Bundle.ACTIVE ? "" : " (the plugin is not running)"));
			}
			components.forEach(c -> out.println("  " + c));
			out.println("Metrics:");
			if (metrics.isEmpty()) {
				out.println("  none");
			}
			metrics.forEach(m -> out.println("  " + m));
			if (p.readmeFile() != null) {
				out.println("Readme (" + p.readmeFile() + "):");
				excerpt(b.getEntry(p.readmeFile()), 12).forEach(l -> out.println("  " + l));
			}
		}
		return text.toString().stripTrailing();
	}

	/** plugin:enable — start a plugin and remember it. */
	public String enable(String nameOrId) throws PluginException {
		PluginInfo p = registry.enable(nameOrId);
		return "plugin '" + p.name() + "' " + p.state();
	}

	/** plugin:disable — stop a plugin and remember it. */
	public String disable(String nameOrId) throws PluginException {
		PluginInfo p = registry.disable(nameOrId);
		return "plugin '" + p.name() + "' " + p.state();
	}

	/** plugin:install — install from a path or a file:, http:, https: or mvn: URL. */
	public String install(String pathOrUrl) throws PluginException {
		return registry.install(pathOrUrl)
			.map(p -> "plugin '" + p.name() + "' " + p.version() + " installed as bundle " + p.bundleId() + ": "
				+ stateAndReason(p))
			.orElse(pathOrUrl + " installed as a library (it has no Plugin-Name): see plugin:libraries");
	}

	/** plugin:update — update a plugin from where it came from. */
	public String update(String nameOrId) throws PluginException {
		return update(nameOrId, null);
	}

	/** plugin:update — update a plugin from a path or URL. */
	public String update(String nameOrId, String pathOrUrl) throws PluginException {
		return registry.update(nameOrId, pathOrUrl)
			.map(p -> "plugin '" + p.name() + "' updated to " + p.version() + ": " + stateAndReason(p))
			.orElse(nameOrId + " updated; the new version has no Plugin-Name, so it is now a library");
	}

	/** plugin:uninstall — remove a plugin. */
	public String uninstall(String nameOrId) throws PluginException {
		PluginInfo p = registry.uninstall(nameOrId);
		return "plugin '" + (p == null ? nameOrId : p.name()) + "' uninstalled";
	}

	private static String stateAndReason(PluginInfo p) {
		return p.state() + (p.reason() == null ? "" : " (" + p.reason() + ")");
	}

	// ------------------------------------------------------------------------

	static String table(List<PluginInfo> plugins) {
		List<String[]> rows = new ArrayList<>();
		rows.add(new String[] { "NAME", "VERSION", "STATE", "ID", "AUTHOR", "REASON" });
		for (PluginInfo p : plugins) {
			rows.add(new String[] { p.name(), nz(p.version()), p.state().name(),
				p.bundleId() < 0 ? "-" : Long.toString(p.bundleId()), nz(p.author()), nz(p.reason()) });
		}
		return Table.format(rows);
	}

	private static List<String> excerpt(URL url, int lines) {
		if (url == null) {
			return List.of("(missing)");
		}
		try (BufferedReader r = new BufferedReader(new InputStreamReader(url.openStream(), StandardCharsets.UTF_8))) {
			List<String> result = r.lines().limit(lines).collect(Collectors.toList());
			return result;
		} catch (IOException e) {
			return List.of("(unreadable: " + e.getMessage() + ")");
		}
	}

	private static void line(java.io.PrintWriter out, String label, String value) {
		if (value != null) {
			out.println(String.format("%-12s%s", label, value));
		}
	}

	private static String nz(String s) {
		return s == null ? "" : s;
	}
}
