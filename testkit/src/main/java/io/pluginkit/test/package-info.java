/**
 * The PluginKit test kit: {@link io.pluginkit.test.PluginKitTest} runs a JUnit 5 test class against the
 * real PluginKit with the plugin under test deployed, and gives the tests a
 * {@link io.pluginkit.test.PluginKit}: its URL, HTTP, the shell, enable and disable.
 */
package io.pluginkit.test;
