/**
 * Events: publish/subscribe by topic with typed payloads, the port of the LUNA event plugins
 * ({@code monitoring_event}, {@code sending_event}).
 * <p>
 * A plugin listens with a Declarative Services component providing {@link io.pluginkit.api.event.EventListener},
 * annotated {@link io.pluginkit.api.event.EventTopic} with one or more topics ({@code a/b}, or a
 * wildcard {@code a/*} or {@code *}); it publishes through the {@link io.pluginkit.api.event.EventPublisher}
 * service. The runtime publishes {@value io.pluginkit.api.event.PluginLifecycle#TOPIC} and
 * {@value io.pluginkit.api.event.MonitoringPoints#TOPIC}; {@code POST /api/events/{topic}} publishes a JSON payload.
 */
@Export
@Version("1.0.0")
package io.pluginkit.api.event;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
