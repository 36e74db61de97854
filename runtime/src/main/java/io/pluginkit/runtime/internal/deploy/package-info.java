/** The hot-deploy folder. */
package io.pluginkit.runtime.internal.deploy;
