package io.pluginkit.spi.state;

import java.io.IOException;
import java.io.InputStream;
import java.util.Collection;
import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The install order of the bundles PluginKit installed, and a copy of the jars that came from
 * outside the hot-deploy folder (the shell, the admin API, plain Felix {@code install}), so
 * that a restart installs the same bundles in the same order. Ties of {@code service.ranking}
 * among contributions go by that order.
 * <p>
 * Thread-safe. Reads never wait behind a write; writes are durable when they return and
 * change nothing when they throw.
 */
@ProviderType
public interface BundleArchive {

	/** Every bundle known to the archive, in install order; an immutable snapshot. */
	List<ArchivedBundle> bundles();

	/**
	 * Gives each location without one the next place in the install order (a location that has
	 * one keeps it), in the order given, in one durable write: a folder of 1,000 jars costs one
	 * write, not 1,000.
	 *
	 * @throws IOException when it cannot be saved; nothing was changed
	 */
	void recordInstalls(Collection<String> locations) throws IOException;

	/**
	 * Keeps a copy of a bundle's jar, read from {@code jar} to its end, replacing an earlier copy
	 * of the same location; a new location also gets the next place in the install order.
	 *
	 * @throws IOException when the copy cannot be kept (a full or read-only disk); the earlier
	 *             copy, if any, is left as it was
	 * @throws ConcurrentChangeException (a kind of {@code IOException}, since 1.2) when another node of a
	 *             shared archive changed the same location first; nothing was changed
	 */
	void keep(String location, InputStream jar) throws IOException;

	/**
	 * Opens the kept copy of a bundle's jar; the caller closes the stream.
	 *
	 * @throws java.nio.file.NoSuchFileException when no copy of the location is kept, or the copy
	 *             has gone missing
	 * @throws IOException when the copy cannot be read, or is corrupt (not what was kept); the
	 *             message names the copy and the location, for the plugin's reason
	 */
	InputStream open(String location) throws IOException;

	/**
	 * Forgets a bundle: its place in the order and its copy, if any. Does nothing for unknown
	 * locations.
	 *
	 * @throws IOException when it cannot be saved; nothing was changed
	 */
	void forget(String location) throws IOException;

	/**
	 * Whether several nodes share this archive (a cluster store): then every change of the plugin set is
	 * theirs too, the jars of each node's hot-deploy folder included, which PluginKit then keeps here
	 * under {@link #FOLDER_SCHEME}{@code <file name>} so that the other nodes install them. An archive only
	 * this process uses (the file archive) keeps the default, and the hot-deploy folder stays its node's own.
	 *
	 * @since 1.2
	 */
	default boolean shared() {
		return false;
	}

	/**
	 * The location prefix under which a {@link #shared()} archive keeps the jars of the nodes' hot-deploy
	 * folders: {@code folder:helloworld.jar} is the jar {@code helloworld.jar} of whichever node's folder,
	 * one content for the whole cluster.
	 *
	 * @since 1.2
	 */
	String FOLDER_SCHEME = "folder:";

	/**
	 * Registers a listener told when bundles are installed, updated or uninstalled in the archive by
	 * another hand than this node's calls (another node of a cluster). An archive only this process
	 * writes (the file archive) never calls it.
	 *
	 * @since 1.1
	 */
	default void addArchiveListener(ArchiveListener listener) {
	}

	/**
	 * Removes a listener added before; unknown ones are ignored.
	 *
	 * @since 1.1
	 */
	default void removeArchiveListener(ArchiveListener listener) {
	}
}
