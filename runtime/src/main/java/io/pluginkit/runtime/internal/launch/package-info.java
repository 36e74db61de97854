/** Startup order, the startup line, clean shutdown on signals. */
package io.pluginkit.runtime.internal.launch;
