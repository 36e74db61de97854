/** The API of the greeting test plugins, packed into a library bundle by {@link io.pluginkit.testing.TestJars}. */
package io.pluginkit.testing.greeting;
