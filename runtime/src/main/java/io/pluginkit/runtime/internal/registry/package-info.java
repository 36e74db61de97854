/**
 * The plugin registry: every bundle seen as a plugin or a library, its state and
 * the reason when it failed, and the enable/disable/install/update/uninstall
 * operations shared by the shell, the folder and the admin API.
 */
package io.pluginkit.runtime.internal.registry;
