/**
 * Templates: Pebble engines per plugin (each reading only its own bundle's {@code templates/} and
 * the runtime's {@code pluginkit/} layouts), the template extension points ({@code emit_tep},
 * {@code emit_dcp}, {@code emit_assets}, filters, context processors) held through the
 * {@code contrib} package, and the limits that keep a bad template from hurting anything else.
 */
package io.pluginkit.runtime.internal.template;
