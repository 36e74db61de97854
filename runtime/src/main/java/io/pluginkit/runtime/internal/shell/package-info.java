/** The Gogo console and the plugin:* commands. */
package io.pluginkit.runtime.internal.shell;
