package io.pluginkit.spi.state;

/**
 * A bundle as the {@link BundleArchive} knows it.
 *
 * @param location the bundle location it was installed from ({@code file:}, {@code http:}, ...)
 * @param sequence its place in the install order, unique and increasing, kept across restarts
 * @param kept whether the archive holds a copy of its jar ({@link BundleArchive#open(String)});
 *            bundles of the hot-deploy folder have a place in the order but no copy
 */
public record ArchivedBundle(String location, long sequence, boolean kept) {
}
