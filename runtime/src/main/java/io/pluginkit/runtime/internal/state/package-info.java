/** The state store: admin decisions and bundles installed outside the folder, kept in {@code <data>}. */
package io.pluginkit.runtime.internal.state;
