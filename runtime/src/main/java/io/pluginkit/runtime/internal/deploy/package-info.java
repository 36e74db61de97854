/**
 * The hot-deploy folder: {@link io.pluginkit.runtime.internal.deploy.HotDeployWatcher} polls it,
 * {@code FolderListing} lists it, the pure {@code FolderScanner} decides, {@code FolderInstaller}
 * acts through the registry, {@link io.pluginkit.runtime.internal.deploy.FolderProblems} shows what
 * cannot become a plugin.
 */
package io.pluginkit.runtime.internal.deploy;
