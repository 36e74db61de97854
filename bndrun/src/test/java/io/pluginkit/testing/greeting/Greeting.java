package io.pluginkit.testing.greeting;

/**
 * A service one test plugin provides and another needs. Its package is exported by a library
 * bundle the tests install, as a plugin's API would be.
 */
public interface Greeting {

	String greet();
}
