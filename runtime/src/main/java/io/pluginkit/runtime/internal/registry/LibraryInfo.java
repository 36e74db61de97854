package io.pluginkit.runtime.internal.registry;

/** A bundle without {@code Plugin-Name}: a library, listed apart from plugins. */
public record LibraryInfo(long bundleId, String symbolicName, String version, String state, String location) {
}
