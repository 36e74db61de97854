/**
 * Events: the {@link io.pluginkit.runtime.internal.event.EventBus} (a queue per listener,
 * ordered asynchronous delivery, overflow and stop counted, a watchdog that quarantines a
 * listener past its timeout), the {@code EventPublisher} service, the runtime's topics
 * {@code pluginkit/lifecycle} ({@link io.pluginkit.runtime.internal.event.LifecycleEvents}) and
 * {@code pluginkit/monitoring} ({@link io.pluginkit.runtime.internal.event.RequestMonitoring}),
 * and {@code POST /api/events/{topic}} ({@link io.pluginkit.runtime.internal.event.EventsServlet}).
 */
package io.pluginkit.runtime.internal.event;
