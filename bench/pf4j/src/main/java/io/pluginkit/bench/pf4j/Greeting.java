package io.pluginkit.bench.pf4j;

import org.pf4j.ExtensionPoint;

/** The extension point each generated plugin implements once: PF4J's peer of a plugin's one DS component. */
public interface Greeting extends ExtensionPoint {

	String greet();
}
