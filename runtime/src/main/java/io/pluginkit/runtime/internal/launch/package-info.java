/** Startup order, the startup line, clean shutdown on signals, the platform log set up first. */
package io.pluginkit.runtime.internal.launch;
