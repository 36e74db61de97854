package io.pluginkit.spi.state;

/**
 * A bundle as the {@link BundleArchive} knows it.
 *
 * @param location the bundle location it was installed from ({@code file:}, {@code http:}, ...)
 * @param sequence its place in the install order, unique and increasing, kept across restarts
 * @param kept whether the archive holds a copy of its jar ({@link BundleArchive#open(String)});
 *            bundles of the hot-deploy folder have a place in the order but no copy
 * @param sha256 the SHA-256 of the kept copy in lower-case hex, or {@code null} when no copy is kept
 *            or the archive does not know it: what tells one content of a location from another
 *            (since 1.1)
 */
public record ArchivedBundle(String location, long sequence, boolean kept, String sha256) {

	/** A bundle whose content the archive does not name (as in 1.0). */
	public ArchivedBundle(String location, long sequence, boolean kept) {
		this(location, sequence, kept, null);
	}
}
