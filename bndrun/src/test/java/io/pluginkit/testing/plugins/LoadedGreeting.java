package io.pluginkit.testing.plugins;

import io.pluginkit.testing.greeting.Greeting;

/** A {@link Greeting} a library offers in {@code META-INF/services}, for {@code java.util.ServiceLoader}. */
public class LoadedGreeting implements Greeting {

	@Override
	public String greet() {
		return "hello through java.util.ServiceLoader";
	}
}
