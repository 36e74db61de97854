/** Launch settings (DESIGN §2): data dir, hot-deploy folder, shell. */
package io.pluginkit.runtime.internal.settings;
