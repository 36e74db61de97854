package io.pluginkit.runtime.internal.event;

import org.osgi.service.component.ComponentContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ServiceScope;

import io.pluginkit.api.event.EventPublisher;

/** The {@link EventPublisher} service, one instance per plugin that uses it, so that its events name it. */
@Component(service = EventPublisher.class, scope = ServiceScope.BUNDLE)
public final class PluginEventPublisher implements EventPublisher {

	private final Events events;
	private final String source;

	@Activate
	public PluginEventPublisher(ComponentContext context, @Reference Events events) {
		this.events = events;
		this.source = events.pluginName(context.getUsingBundle().getBundleId());
	}

	@Override
	public int publish(String topic, Object payload) {
		return events.publish(topic, source, payload);
	}
}
