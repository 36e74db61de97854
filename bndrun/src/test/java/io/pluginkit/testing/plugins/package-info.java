/** Classes packed into test plugin jars by {@link io.pluginkit.testing.TestJars}. */
package io.pluginkit.testing.plugins;
