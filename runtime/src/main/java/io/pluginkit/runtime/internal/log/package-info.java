/**
 * The platform's OSGi log service: SCR, Config Admin and plugins log through it into PluginKit's
 * slf4j log, one line per message, and the registry hears of component failures from it.
 */
package io.pluginkit.runtime.internal.log;
