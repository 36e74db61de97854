/**
 * Background services: each {@link io.pluginkit.api.background.BackgroundService} of an enabled
 * plugin runs on a thread of its own ({@link io.pluginkit.runtime.internal.background.BackgroundRunner}),
 * restarted with backoff when it crashes, cancelled and joined when its plugin stops
 * ({@link io.pluginkit.runtime.internal.background.BackgroundServices}).
 */
package io.pluginkit.runtime.internal.background;
