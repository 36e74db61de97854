/**
 * The admin API ({@code /admin/api/...}), its Server-Sent Events stream, the admin UI and its login,
 * in their own servlet context ({@link io.pluginkit.runtime.internal.admin.AdminContext}) where plugin
 * hooks never run (DESIGN §7).
 */
package io.pluginkit.runtime.internal.admin;
