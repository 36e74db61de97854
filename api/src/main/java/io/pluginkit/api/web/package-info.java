/**
 * Web extension points. Plugins serve pages with ordinary OSGi HTTP Whiteboard
 * servlets; around every request of the default context PluginKit runs the
 * {@link io.pluginkit.api.web.RequestHook}s and, for errors, the
 * {@link io.pluginkit.api.web.ErrorHandler}s contributed by enabled plugins.
 * <p>
 * Order among contributions is {@code service.ranking} descending, then bundle
 * install order (lower bundle id first).
 */
@Export
@Version("1.0.0")
package io.pluginkit.api.web;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
