package io.pluginkit.bench.pf4j.plugin;

import org.pf4j.Plugin;

/** The {@code Plugin-Class} of every generated plugin: nothing to do on start or stop. */
public class TrivialPlugin extends Plugin {
}
