/**
 * Who may call the APIs: the admin bearer token ({@link io.pluginkit.runtime.internal.security.AdminToken},
 * DESIGN §2 and §7) and the servlet context that demands it on every {@code /api} call
 * ({@link io.pluginkit.runtime.internal.security.ApiContext}).
 */
package io.pluginkit.runtime.internal.security;
