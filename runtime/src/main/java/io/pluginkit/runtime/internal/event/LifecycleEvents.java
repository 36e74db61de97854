package io.pluginkit.runtime.internal.event;

import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

import io.pluginkit.api.event.PluginLifecycle;
import io.pluginkit.runtime.internal.registry.PluginInfo;
import io.pluginkit.runtime.internal.registry.PluginRegistry;
import io.pluginkit.runtime.internal.registry.PluginState;
import io.pluginkit.runtime.internal.registry.PluginStateEvent;

/**
 * Publishes {@code pluginkit/lifecycle}: one {@link PluginLifecycle} per plugin change the registry
 * reports (in its order, on its event thread): installed, enabled, disabled, failed (with the
 * reason), updated, uninstalled. A change of the reason alone is not an event, unless a failed
 * plugin fails for another reason.
 */
@Component(immediate = true)
public final class LifecycleEvents {

	private final PluginRegistry registry;
	private final Events events;
	private final Consumer<PluginStateEvent> listener = this::changed;

	@Activate
	public LifecycleEvents(@Reference PluginRegistry registry, @Reference Events events) {
		this.registry = registry;
		this.events = events;
		registry.addListener(listener);
	}

	@Deactivate
	void deactivate() {
		registry.removeListener(listener);
	}

	private void changed(PluginStateEvent e) {
		PluginInfo now = e.current();
		for (String change : changes(e.previous(), now)) {
			events.publish(PluginLifecycle.TOPIC, Events.RUNTIME, new PluginLifecycle(now.name(), now.version(), change,
				now.state().name(), now.reason(), now.bundleId()));
		}
	}

	/**
	 * The changes between two views of a plugin, in order: a new plugin that is already enabled
	 * (the registry reports it once it reached its state) is {@code installed} then {@code enabled}.
	 */
	static List<String> changes(PluginInfo before, PluginInfo now) {
		if (before == null && now.state() != PluginState.UNINSTALLED && now.state() != PluginState.INSTALLED) {
			String state = change(new PluginInfo(now.name(), now.version(), now.author(), now.description(), now.url(),
				now.license(), now.licenseFile(), now.readmeFile(), now.enabledByDefault(), now.requires(),
				PluginState.INSTALLED, null, now.bundleId(), now.symbolicName(), now.location(), now.since()), now);
			return state == null ? List.of("installed") : List.of("installed", state);
		}
		String change = change(before, now);
		return change == null ? List.of() : List.of(change);
	}

	/** The change between two views of a plugin, or {@code null} when nothing a listener cares about changed. */
	static String change(PluginInfo before, PluginInfo now) {
		if (now.state() == PluginState.UNINSTALLED) {
			return "uninstalled";
		}
		if (before == null) {
			return "installed";
		}
		if (!Objects.equals(before.version(), now.version()) || before.bundleId() != now.bundleId()) {
			return "updated";
		}
		if (before.state() == now.state()) {
			return now.state() == PluginState.FAILED && !Objects.equals(before.reason(), now.reason()) ? "failed" : null;
		}
		return switch (now.state()) {
			case ENABLED -> "enabled";
			case DISABLED -> "disabled";
			case FAILED -> "failed";
			default -> null;
		};
	}
}
