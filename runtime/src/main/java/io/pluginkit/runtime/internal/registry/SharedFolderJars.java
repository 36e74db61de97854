package io.pluginkit.runtime.internal.registry;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.pluginkit.runtime.internal.registry.JarInspector.Candidate;
import io.pluginkit.runtime.internal.registry.PluginException.Kind;
import io.pluginkit.runtime.internal.state.AtomicFile;
import io.pluginkit.spi.state.ArchivedBundle;
import io.pluginkit.spi.state.ConcurrentChangeException;

/**
 * The jars of the nodes' hot-deploy folders when several nodes share the archive ({@link KeptBundles#shared()}):
 * the rule is one content per file name for the whole cluster, kept in the archive as {@code folder:<file name>}.
 * <ul>
 * <li>A jar dropped in or changed in a node's folder becomes the cluster's content of its name
 * ({@link #shareChange}); the same content in several folders is one plugin, written once.</li>
 * <li>A node without that jar in its folder installs the cluster's copy (as a shell install from another node);
 * a node that runs it from its own folder follows the cluster's changes: its jar is replaced, or deleted when the
 * plugin was uninstalled ({@link #followOwnFolderJar}), also for what changed while it was stopped
 * ({@link #syncOwnFolderJarsAtStart}).</li>
 * <li>A jar whose content is not the cluster's for its name, which came first from another node, is refused with
 * one line ({@link #notTheClusters}); the node runs the cluster's, and takes this jar again when it changes or
 * when the cluster's is uninstalled.</li>
 * </ul>
 * Used by the {@link PluginInstaller} on the registry's writer thread.
 */
final class SharedFolderJars {

	private static final Logger LOG = LoggerFactory.getLogger(SharedFolderJars.class);

	/** What the installer does for this class: update a bundle from the archive's copy, uninstall one. */
	interface Follow {
		void update(PluginEntry e, Bundle bundle, ArchivedBundle a, boolean apply);

		void uninstall(Bundle bundle, String cause);
	}

	private final BundleContext context;
	private final PluginIndex index;
	private final KeptBundles kept;
	private final Decisions decisions;
	/** What this node's folder jar held when it was last the cluster's, under its {@code folder:<name>} key. */
	private final ContentRecord contents;
	private final Follow follow;

	SharedFolderJars(BundleContext context, PluginIndex index, KeptBundles kept, Decisions decisions, ContentRecord contents,
		Follow follow) {
		this.context = context;
		this.index = index;
		this.kept = kept;
		this.decisions = decisions;
		this.contents = contents;
		this.follow = follow;
	}

	/** The folder key of a jar when the archive is shared, else {@code null}: nothing of this class applies. */
	String keyOf(Path folderJar) {
		return folderJar != null && kept.shared() ? kept.folderKey(folderJar) : null;
	}

	/** What this node's jar of this key held when it was last the cluster's, or {@code null}. */
	String recorded(String key) {
		return contents.get(key);
	}

	/** Records what this node's jar of this key holds as the cluster's content ({@code null}: forgets it). */
	void record(String key, String sha256) {
		contents.put(key, sha256);
	}

	/**
	 * Whether an archive location is the cluster's copy of a jar this node has in its own folder, which the
	 * folder installs instead: a jar of this node's folder runs here from the folder. While the folder is
	 * scanned at startup ({@code sequence} bounded) a jar there is the folder's to decide on; afterwards only an
	 * installed one counts, so that the cluster's copy runs where this node's jar is not used (refused, broken).
	 */
	boolean ownFolderJar(String location, long sequence) {
		Path own = kept.folderJarOfKey(location);
		if (own == null) {
			return false;
		}
		return context.getBundle(own.toUri().toString()) != null || sequence != Long.MAX_VALUE && Files.isRegularFile(own);
	}

	/**
	 * Another node changed the cluster's copy of a folder jar ({@code folder:<name>}) that this node runs from its
	 * own folder: this node's jar follows, as after {@code plugin:update} or {@code plugin:uninstall} of a folder
	 * plugin (replaced, or deleted; the folder then sees nothing new). Returns {@code false} when this node does
	 * not run that jar from its folder: the cluster's copy is then installed, updated or uninstalled as any other.
	 */
	boolean followOwnFolderJar(String key, ArchivedBundle a) {
		Path own = kept.folderJarOfKey(key);
		Bundle ownBundle = own == null ? null : context.getBundle(own.toUri().toString());
		if (ownBundle == null) {
			return false;
		}
		PluginEntry e = index.get(ownBundle.getBundleId());
		if (a == null) {
			try {
				Files.deleteIfExists(own);
				LOG.info("{} was uninstalled on another node: it is deleted from this node's plugins folder too", own.getFileName());
			} catch (IOException ex) {
				LOG.error("{} was uninstalled on another node, but cannot be deleted from this node's plugins folder ({});"
					+ " it keeps running here until it is deleted", own.getFileName(), ex.toString());
			}
			return true;
		}
		String held = e != null && e.contentSha != null ? e.contentSha : contents.get(key);
		if (!a.kept() || a.sha256() == null || a.sha256().equals(held)) {
			return true;
		}
		try (InputStream in = kept.open(key)) {
			writeFolderJar(own, in);
		} catch (IOException ex) {
			LOG.error("{} was changed on another node, but this node's copy in its plugins folder cannot be replaced ({});"
				+ " it keeps running the one it has", own.getFileName(), ex.toString());
			return true;
		}
		LOG.info("{} was changed on another node: this node's copy in its plugins folder is replaced with it", own.getFileName());
		if (e != null) {
			follow.update(e, ownBundle, a, true);
		}
		contents.put(key, a.sha256());
		return true;
	}

	/**
	 * At a restart, before any plugin runs: this node's folder jars (their bundles kept in the framework cache)
	 * against the cluster's copies of them. One the cluster no longer has, though this node shared it before,
	 * was uninstalled elsewhere meanwhile: it is uninstalled and deleted here too. One the cluster never had
	 * (this node joined a cluster, or ran alone before) is shared now. One whose cluster copy changed while
	 * this node's jar did not is replaced and updated; one changed on both sides is left to the folder's scan,
	 * which refuses it as not the cluster's. Runs on the writer.
	 */
	void syncOwnFolderJarsAtStart() {
		Map<String, ArchivedBundle> archived = kept.byLocation();
		for (Bundle b : context.getBundles()) {
			Path own = kept.folderJar(b.getLocation());
			if (own == null || b.getBundleId() == 0) {
				continue;
			}
			String key = kept.folderKey(own);
			ArchivedBundle a = archived.get(key);
			String recorded = contents.get(key);
			PluginEntry e = index.get(b.getBundleId());
			if (a == null && recorded != null) {
				follow.uninstall(b, "uninstalled on another node");
				contents.put(key, null);
				kept.forgetQuietly(b.getLocation());
				try {
					Files.deleteIfExists(own);
					LOG.info("{} was uninstalled on another node while PluginKit was stopped: deleted from the plugins folder",
						own.getFileName());
				} catch (IOException ex) {
					LOG.error("{} was uninstalled on another node, but cannot be deleted from the plugins folder ({})",
						own.getFileName(), ex.toString());
				}
				continue;
			}
			if (a == null) {
				String fileSha = decisions.writable() ? sha256(own) : null;
				if (fileSha != null) {
					try {
						kept.keep(key, own);
						contents.put(key, fileSha);
					} catch (IOException ex) {
						LOG.error("{} of the plugins folder cannot be shared with the other nodes: {}", own.getFileName(),
							ex.getMessage());
					}
				}
				continue;
			}
			if (e != null && recorded != null) {
				e.contentSha = recorded; // what the cached bundle holds
			}
			// only a jar whose cluster copy changed is read (a restart does not read the folder's unchanged jars)
			if (!a.kept() || a.sha256() == null || recorded == null || a.sha256().equals(recorded) || e == null
				|| !recorded.equals(sha256(own))) {
				continue;
			}
			try (InputStream in = kept.open(key)) {
				writeFolderJar(own, in);
			} catch (IOException ex) {
				LOG.error("{} was changed on another node while PluginKit was stopped, but cannot be replaced here ({})",
					own.getFileName(), ex.toString());
				continue;
			}
			LOG.info("{} was changed on another node while PluginKit was stopped: replaced in the plugins folder",
				own.getFileName());
			follow.update(e, b, a, false);
		}
	}

	/**
	 * Makes this node's new or changed folder jar the cluster's content of its file name ({@code key}).
	 *
	 * @param before what this node's jar held when it was last the cluster's, or {@code null} when not known
	 * @return {@code false} when the cluster holds another content that came first from another node (this
	 *         node's jar is then not the cluster's); {@code true} when it is the cluster's now
	 */
	boolean shareChange(String key, String file, Candidate c, String before) throws PluginException {
		ArchivedBundle a = kept.byLocation().get(key);
		if (a != null && a.kept() && c.sha256().equals(a.sha256())) {
			return true; // the same jar in several folders: one plugin, nothing to write
		}
		if (a != null && a.kept() && before != null && !before.equals(a.sha256())) {
			return false; // changed here, but changed elsewhere first
		}
		try {
			kept.keep(key, c.jar());
			return true;
		} catch (ConcurrentChangeException ex) {
			ArchivedBundle now = kept.byLocation().get(key);
			return now != null && now.kept() && c.sha256().equals(now.sha256()); // two nodes, one jar, one moment
		} catch (IOException ex) {
			throw new PluginException(Kind.FAILED, file + " cannot be shared with the other nodes (" + ex.getMessage()
				+ "); it was not installed", ex);
		}
	}

	/** {@link #shareChange} for a jar new to this node's folder, whose name the cluster does not hold yet. */
	void shareNew(String key, String file, Candidate c) throws PluginException {
		if (!shareChange(key, file, c, null)) {
			ArchivedBundle now = kept.byLocation().get(key);
			throw notTheClusters(file, c.sha256(), now == null ? null : now.sha256());
		}
	}

	/** The new jar of a folder plugin updated with {@code plugin:update}, for every node; a lost race changes nothing. */
	void keepShared(String key, Path copy, String plugin) throws PluginException {
		try {
			kept.keep(key, copy);
		} catch (ConcurrentChangeException ex) {
			throw new PluginException(Kind.CONFLICT, ex.getMessage() + "; plugin '" + plugin + "' was not updated", ex);
		} catch (IOException ex) {
			throw new PluginException(Kind.FAILED, "cannot keep the new jar of plugin '" + plugin + "' in the cluster store ("
				+ ex.getMessage() + "); it was not updated", ex);
		}
	}

	/** A folder jar of a cluster was uninstalled here: so it is on every node. */
	void forgetShared(String key) {
		kept.forgetQuietly(key);
		contents.put(key, null);
	}

	/** The one line for a folder jar that is not the cluster's content of its name. */
	static PluginException notTheClusters(String file, String mine, String theirs) {
		return new PluginException(Kind.CONFLICT, file + " in this node's plugins folder is not the cluster's " + file
			+ " (SHA-256 " + abbreviated(mine) + (theirs == null ? "" : ", the cluster's " + abbreviated(theirs))
			+ ", which came first from another node): this node runs the cluster's and does not use this jar; put the"
			+ " same jar in every folder, or change it on every node with plugin:update");
	}

	private static String abbreviated(String sha) {
		return sha == null ? "?" : sha.substring(0, Math.min(12, sha.length()));
	}

	/** The SHA-256 of a folder jar, or {@code null} when it cannot be read (the folder's scan says why). */
	private static String sha256(Path jar) {
		try {
			return Files.isRegularFile(jar) ? JarInspector.sha256(jar) : null;
		} catch (IOException ex) {
			return null;
		}
	}

	/** Replaces a jar of this node's folder with the cluster's content in one step (a hidden temp file first). */
	private static void writeFolderJar(Path target, InputStream content) throws IOException {
		AtomicFile.write(target, content::transferTo);
	}
}
