package io.pluginkit.runtime.internal.event;

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
		String change = change(e.previous(), e.current());
		if (change != null) {
			PluginInfo now = e.current();
			events.publish(PluginLifecycle.TOPIC, Events.RUNTIME, new PluginLifecycle(now.name(), now.version(), change,
				now.state().name(), now.reason(), now.bundleId()));
		}
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
