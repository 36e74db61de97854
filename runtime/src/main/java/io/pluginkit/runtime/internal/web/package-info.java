/** The web: hook chain and error handlers, static files, landing page, health. */
package io.pluginkit.runtime.internal.web;
