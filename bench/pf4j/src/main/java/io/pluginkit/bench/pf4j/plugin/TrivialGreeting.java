package io.pluginkit.bench.pf4j.plugin;

import org.pf4j.Extension;

import io.pluginkit.bench.pf4j.Greeting;

/** The one extension of every generated plugin (listed in its META-INF/extensions.idx). */
@Extension
public class TrivialGreeting implements Greeting {

	@Override
	public String greet() {
		return "hello";
	}
}
