/** Classes packed into test plugin jars by {@link io.pluginkit.e2e.TestJars}. */
package io.pluginkit.e2e.plugins;
