/**
 * {@code /metrics} in Prometheus' text format (DESIGN §7): per-plugin request counts and latency from
 * the web chain's {@link io.pluginkit.runtime.internal.web.RequestObserver}, and, read at scrape time,
 * plugin states and what the hook, event, trigger, task and background areas count, plus JVM basics.
 */
package io.pluginkit.runtime.internal.metrics;
