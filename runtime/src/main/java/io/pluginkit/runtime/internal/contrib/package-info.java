/**
 * How every extension point holds what plugins contribute to it: services of one type, keyed by
 * {@code service.id}, in {@code service.ranking} then install order, kept in copy-on-write
 * snapshots that the request path reads without locks, and described to {@code plugin:info}
 * through {@link io.pluginkit.runtime.internal.contrib.ContributionReport}.
 */
package io.pluginkit.runtime.internal.contrib;
