package io.pluginkit.testing.plugins;

import java.util.Map;

import io.pluginkit.testing.greeting.Greeting;

/** A test plugin's component that provides the {@link Greeting} service. */
public class GreetingProvider implements Greeting {

	private volatile String text = "hello";

	public void activate(Map<String, Object> properties) {
		Object t = properties.get("text");
		if (t != null) {
			text = t.toString();
		}
	}

	@Override
	public String greet() {
		return text;
	}
}
