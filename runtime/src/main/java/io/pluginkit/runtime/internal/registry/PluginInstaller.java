package io.pluginkit.runtime.internal.registry;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongPredicate;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.pluginkit.runtime.internal.registry.JarInspector.Candidate;
import io.pluginkit.runtime.internal.registry.PluginException.Kind;
import io.pluginkit.runtime.internal.registry.RegistrySnapshot.Phase;
import io.pluginkit.runtime.internal.state.AtomicFile;
import io.pluginkit.spi.state.ArchivedBundle;
import io.pluginkit.spi.state.ConcurrentChangeException;

/**
 * Installs, updates and uninstalls plugins, from the shell or the admin API (kept in the data
 * folder) and from the hot-deploy folder (kept by the folder), all or nothing: the new jar is
 * fetched and checked ({@link JarInspector}) before anything running is touched, a copy is kept
 * before the bundle is installed, an update is kept (the copy or the folder jar replaced) so a
 * restart does not undo it. Runs its work on the registry's writer.
 * <p>
 * With an archive several nodes share, the folder's jars are the cluster's too: see {@link SharedFolderJars}.
 */
final class PluginInstaller {

	private static final Logger LOG = LoggerFactory.getLogger(PluginInstaller.class);

	private final BundleContext context;
	private final RegistryWriter writer;
	private final PluginIndex index;
	private final BundleActions actions;
	private final JarInspector inspector;
	private final KeptBundles kept;
	private final Decisions decisions;
	private final Reconciler reconciler;
	private final SnapshotBuilder snapshots;
	private final SnapshotPublisher publisher;

	/** What each installed bundle with a kept copy holds: a restart finds the copies that changed meanwhile. */
	private final ContentRecord contents;
	/** The folders' jars of a cluster (a shared archive); inert otherwise. */
	private final SharedFolderJars shared;

	PluginInstaller(BundleContext context, RegistryWriter writer, PluginIndex index, BundleActions actions,
		JarInspector inspector, KeptBundles kept, Decisions decisions, Reconciler reconciler, SnapshotBuilder snapshots,
		SnapshotPublisher publisher) {
		this.contents = new ContentRecord(context.getDataFile("kept-contents.properties"));
		this.context = context;
		this.writer = writer;
		this.index = index;
		this.actions = actions;
		this.inspector = inspector;
		this.kept = kept;
		this.decisions = decisions;
		this.reconciler = reconciler;
		this.snapshots = snapshots;
		this.publisher = publisher;
		this.shared = new SharedFolderJars(context, index, kept, decisions, contents, new SharedFolderJars.Follow() {
			@Override
			public void update(PluginEntry e, Bundle bundle, ArchivedBundle a, boolean apply) {
				updateFromArchive(e, bundle, a, apply);
			}

			@Override
			public void uninstall(Bundle bundle, String cause) {
				uninstallRemoved(bundle, cause);
			}
		});
	}

	/** See {@link PluginRegistry#install(String)}. */
	Optional<PluginInfo> install(String pathOrUrl) throws PluginException {
		String location = PluginSource.location(pathOrUrl);
		decisions.checkStore("installing " + location);
		Path copy = inspector.download(location);
		try {
			Candidate c = inspector.inspect(copy, PluginSource.fileName(location));
			return writer.call(() -> {
				Bundle existing = context.getBundle(location);
				if (existing != null) {
					throw new PluginException(Kind.CONFLICT, "'" + location + "' is already installed as bundle "
						+ existing.getBundleId() + "; use plugin:update " + existing.getBundleId());
				}
				checkNameFree(c, -1);
				try {
					kept.keep(location, copy);
				} catch (ConcurrentChangeException ex) {
					throw new PluginException(Kind.CONFLICT, ex.getMessage() + "; nothing was installed", ex);
				} catch (IOException ex) {
					throw new PluginException(Kind.FAILED, "cannot keep a copy of " + location + " in the data folder ("
						+ ex.getMessage() + "); nothing was installed", ex);
				}
				Bundle bundle;
				try (InputStream in = Files.newInputStream(copy)) {
					bundle = actions.install(location, in, "cannot install " + location);
				} catch (IOException | PluginException ex) {
					kept.forgetQuietly(location);
					throw ex instanceof PluginException pe ? pe
						: new PluginException(Kind.FAILED, "cannot install " + location + ": " + ex.getMessage(), ex);
				}
				snapshots.clearKeptProblem(location); // a kept copy that was missing or damaged is replaced
				return installed(bundle, c, "plugin:install");
			});
		} finally {
			JarInspector.deleteQuietly(copy);
		}
	}

	/** See {@link PluginRegistry#update(String, String)}. */
	Optional<PluginInfo> update(String nameOrId, String source) throws PluginException {
		decisions.checkStore("updating plugin '" + nameOrId + "'");
		Path copy = inspector.download(source);
		try {
			Candidate c = inspector.inspect(copy, PluginSource.fileName(source));
			return writer.call(() -> {
				PluginEntry e = index.find(nameOrId, PluginRegistry.bundleExists(context, nameOrId));
				Bundle bundle = bundle(e);
				checkUpdate(e, c);
				String location = bundle.getLocation();
				Path folderJar = kept.folderJar(location);
				String key = shared.keyOf(folderJar);
				if (key != null) {
					shared.keepShared(key, copy, e.displayName()); // the cluster's first: a lost race changes nothing here
				}
				if (folderJar != null && !folderJar.equals(KeptBundles.fileOf(source))) {
					replaceFolderJar(folderJar, copy, e);
				}
				if (key != null) {
					contents.put(key, c.sha256());
				}
				if (kept.isKept(location)) {
					try {
						kept.keep(location, copy);
					} catch (ConcurrentChangeException ex) {
						throw new PluginException(Kind.CONFLICT, ex.getMessage() + "; plugin '" + e.displayName()
							+ "' was not updated", ex);
					} catch (IOException ex) {
						throw new PluginException(Kind.FAILED, "cannot keep the new copy of plugin '" + e.displayName()
							+ "' in the data folder (" + ex.getMessage() + "); it was not updated", ex);
					}
				}
				return updated(e, bundle, c, "plugin:update");
			});
		} finally {
			JarInspector.deleteQuietly(copy);
		}
	}

	/** See {@link PluginRegistry#uninstall(String)}. */
	PluginInfo uninstall(String nameOrId) throws PluginException {
		return writer.call(() -> {
			PluginEntry e = index.find(nameOrId, PluginRegistry.bundleExists(context, nameOrId));
			decisions.checkStore("uninstalling plugin '" + e.displayName() + "'");
			Bundle bundle = bundle(e);
			PluginInfo last = e.shown;
			String location = bundle.getLocation();
			Path folderJar = kept.folderJar(location);
			if (folderJar != null) {
				try {
					Files.deleteIfExists(folderJar);
				} catch (IOException ex) {
					throw new PluginException(Kind.FAILED, "cannot delete " + folderJar.getFileName()
						+ " from the plugins folder (" + ex.getMessage() + "); plugin '" + e.displayName()
						+ "' was not uninstalled", ex);
				}
			}
			decisions.forget(e, index);
			actions.uninstall(bundle, "cannot uninstall plugin '" + e.displayName() + "'");
			kept.forgetQuietly(location);
			if (shared.keyOf(folderJar) != null) {
				shared.forgetShared(shared.keyOf(folderJar)); // a folder plugin of a cluster: uninstalled on every node
			}
			reconciler.removed(e, "plugin:uninstall");
			snapshots.publish("plugin:uninstall");
			return last;
		});
	}

	/** See {@link PluginRegistry#installFromFolder(Path)}. */
	Optional<PluginInfo> installFromFolder(Path jar) throws PluginException {
		String location = jar.toUri().toString();
		String file = jar.getFileName().toString();
		String key = shared.keyOf(jar);
		if (key != null) {
			decisions.checkStore("installing " + file + " from the plugins folder");
		}
		Candidate c = inspector.inspect(jar, file);
		return writer.call(() -> {
			Bundle archived = key == null ? null : context.getBundle(key);
			checkNameFree(c, archived == null ? -1 : archived.getBundleId());
			boolean stored = false;
			if (key != null) {
				ArchivedBundle a = kept.byLocation().get(key);
				if (a != null && a.kept() && !c.sha256().equals(a.sha256())) {
					throw SharedFolderJars.notTheClusters(file, c.sha256(), a.sha256());
				}
				stored = a == null || !a.kept();
				if (stored) {
					shared.shareNew(key, file, c);
				}
				if (archived != null) {
					// the cluster's copy of this very jar ran here: the folder's takes its place
					PluginEntry before = index.get(archived.getBundleId());
					actions.uninstall(archived, "cannot replace bundle " + archived.getBundleId() + " (" + key + ")");
					if (before != null) {
						reconciler.removed(before, "hot-deploy");
					}
					contents.put(key, null);
				}
			}
			Bundle bundle;
			try (InputStream in = Files.newInputStream(jar)) {
				bundle = actions.install(location, in, file + " cannot be installed");
			} catch (IOException | PluginException ex) {
				if (stored) {
					shared.forgetShared(key);
				}
				throw ex instanceof PluginException pe ? pe
					: new PluginException(Kind.BAD_INPUT, file + " cannot be read: " + ex.getMessage(), ex);
			}
			if (key != null) {
				contents.put(key, c.sha256()); // what this node's jar held when it was the cluster's
			}
			kept.queueInstall(location);
			if (publisher.phase() != Phase.STARTING) {
				kept.flushInstalls(decisions.writable());
			}
			return installed(bundle, c, "hot-deploy");
		});
	}

	/** See {@link PluginRegistry#updateFromFolder(Bundle, Path)}. */
	Optional<PluginInfo> updateFromFolder(Bundle bundle, Path jar) throws PluginException {
		String file = jar.getFileName().toString();
		String key = shared.keyOf(jar);
		if (key != null) {
			decisions.checkStore("updating from " + file + " of the plugins folder");
		}
		Candidate c = inspector.inspect(jar, file);
		return writer.call(() -> {
			PluginEntry e = index.get(bundle.getBundleId());
			if (key != null && (e == null || !c.sha256().equals(e.contentSha))) {
				String before = e != null && e.contentSha != null ? e.contentSha : contents.get(key);
				if (!shared.shareChange(key, file, c, before)) {
					// another node's content of this jar came first: this node runs it, and its jar is not used
					ArchivedBundle a = kept.byLocation().get(key);
					if (e != null && a != null && a.sha256() != null && !a.sha256().equals(e.contentSha)) {
						updateFromArchive(e, bundle, a, true);
						contents.put(key, before);
						snapshots.publish("hot-deploy");
					}
					throw SharedFolderJars.notTheClusters(file, c.sha256(), a == null ? null : a.sha256());
				}
				contents.put(key, c.sha256());
			}
			if (e == null) {
				checkNameFree(c, bundle.getBundleId());
				try (InputStream in = Files.newInputStream(jar)) {
					actions.update(bundle, in);
				} catch (IOException ex) {
					throw new PluginException(Kind.BAD_INPUT, file + " cannot be read: " + ex.getMessage(), ex);
				}
				return installed(bundle, c, "hot-deploy");
			}
			if (c.sha256().equals(e.contentSha)) {
				return Optional.ofNullable(e.shown);
			}
			if (c.metadata() != null && c.metadata().problem() != null) {
				throw new PluginException(Kind.BAD_INPUT, file + " was not used to update plugin '" + e.displayName()
					+ "', which keeps running: " + c.metadata().problem());
			}
			checkNameFree(c, bundle.getBundleId());
			return updated(e, bundle, c, "hot-deploy");
		});
	}

	/** See {@link PluginRegistry#uninstallFromFolder(Bundle)}. */
	void uninstallFromFolder(Bundle bundle) throws PluginException {
		Path jar = kept.folderJar(bundle.getLocation());
		String key = shared.keyOf(jar);
		if (key != null) {
			// refused while the store is away, and tried again at the next look: a delete is an uninstall on every node
			decisions.checkStore("uninstalling " + jar.getFileName() + " (deleted from the plugins folder)");
		}
		writer.call(() -> {
			PluginEntry e = index.get(bundle.getBundleId());
			if (bundle.getState() != Bundle.UNINSTALLED) {
				actions.uninstall(bundle, "cannot uninstall bundle " + bundle.getBundleId());
			}
			kept.forgetQuietly(bundle.getLocation());
			if (key != null) {
				shared.forgetShared(key);
			}
			if (e != null) {
				reconciler.removed(e, "hot-deploy");
			}
			snapshots.publish("hot-deploy");
			return null;
		});
	}

	/**
	 * At a restart on a kept framework cache: a bundle installed from the shell or the admin API whose
	 * kept copy is gone from the data folder is uninstalled before it runs, and shown {@code FAILED}
	 * saying so, as when the cache is rebuilt: the data folder, not the cache, says what is installed.
	 * Runs on the writer.
	 */
	void dropCachedWithoutKeptCopy() {
		for (ArchivedBundle b : kept.bundles()) {
			Bundle cached = b.kept() ? context.getBundle(b.location()) : null;
			if (cached == null) {
				continue;
			}
			String problem = keptCopyProblem(b.location());
			if (problem == null) {
				continue;
			}
			String file = PluginSource.fileName(b.location());
			PluginEntry e = index.get(cached.getBundleId());
			try {
				actions.uninstall(cached, "cannot uninstall bundle " + cached.getBundleId());
			} catch (PluginException ex) {
				LOG.error("{}: {}", problem, ex.getMessage());
			}
			if (e != null) {
				reconciler.removed(e, "restart");
			}
			snapshots.keptProblem(file, b.location(), problem + "; install it again with plugin:install");
		}
	}

	/**
	 * At a restart on a kept framework cache, with an archive shared by several nodes: a bundle that
	 * PluginKit installed from its archive (start level {@link PluginRegistry#PLUGIN_START_LEVEL}, not a
	 * jar of this node's folder) and that the archive no longer lists was uninstalled on another node
	 * while this one was down; it is uninstalled here before it runs. Runs on the writer.
	 *
	 * @param platform whether a bundle id is one of the launcher's own bundles, never touched
	 */
	void dropCachedNoLongerArchived(LongPredicate platform) {
		for (Bundle b : context.getBundles()) {
			String location = b.getLocation();
			org.osgi.framework.startlevel.BundleStartLevel level = b.adapt(org.osgi.framework.startlevel.BundleStartLevel.class);
			if (b.getBundleId() == 0 || platform.test(b.getBundleId()) || level == null
				|| level.getStartLevel() != PluginRegistry.PLUGIN_START_LEVEL || kept.folderJar(location) != null
				|| kept.sequence(location).isPresent()) {
				continue;
			}
			uninstallRemoved(b, "restart");
		}
	}

	/**
	 * Another node installed, updated or uninstalled these locations in a shared archive: the same is
	 * done here, from the archive's copy. A location of this node's hot-deploy folder is the folder's
	 * business and is left alone. Runs on the writer; never throws (a copy that cannot be installed is
	 * shown as a {@code FAILED} row, as at a restart).
	 */
	void archiveChanged(Set<String> locations) {
		Map<String, ArchivedBundle> archived = kept.byLocation();
		for (String location : locations) {
			ArchivedBundle a = archived.get(location);
			Bundle b = context.getBundle(location);
			if (kept.folderJar(location) != null || shared.followOwnFolderJar(location, a)) {
				continue;
			}
			if (a == null) {
				if (b != null) {
					uninstallRemoved(b, "uninstalled on another node");
				}
				snapshots.clearKeptProblem(location);
			} else if (a.kept() && b == null) {
				restore(location);
				Bundle now = context.getBundle(location);
				if (now != null) {
					snapshots.clearKeptProblem(location); // one that could not be read before (the store was away)
				}
				PluginEntry e = now == null ? null : index.get(now.getBundleId());
				if (e != null) {
					e.contentSha = a.sha256();
					contents.put(location, a.sha256());
					reconciler.apply(e, true);
				} else if (now != null) {
					reconciler.startLibrary(now);
				}
			} else if (a.kept() && a.sha256() != null) {
				PluginEntry e = index.get(b.getBundleId());
				if (e != null && !a.sha256().equals(e.contentSha)) {
					updateFromArchive(e, b, a, true);
				}
			}
		}
	}

	/** Installs the archive's new content of a plugin another node updated; its state is kept. */
	private void updateFromArchive(PluginEntry e, Bundle bundle, ArchivedBundle a, boolean apply) {
		try (InputStream in = kept.open(a.location())) {
			actions.update(bundle, in);
		} catch (IOException | PluginException ex) {
			LOG.error("plugin '{}' was updated on another node, but not here: {}", e.displayName(), ex.getMessage());
			return;
		}
		e.quarantine = null;
		e.startError = null;
		snapshots.forgetReports(e.bundleId);
		PluginEntry now = reconciler.track(bundle);
		contents.put(a.location(), a.sha256());
		if (now != null) {
			now.contentSha = a.sha256();
			if (apply) {
				reconciler.apply(now, true);
			}
		}
	}

	/**
	 * At a restart on the kept framework cache, before any plugin runs: a bundle whose copy in the archive is
	 * not what the cached bundle holds (updated on another node while this one was down) is updated from the
	 * archive. Runs on the writer.
	 */
	void updateCachedFromArchive() {
		if (kept.shared()) {
			shared.syncOwnFolderJarsAtStart(); // this node's folder jars against the cluster's copies of them
		}
		for (ArchivedBundle a : kept.bundles()) {
			Bundle cached = a.kept() && a.sha256() != null ? context.getBundle(a.location()) : null;
			if (cached == null || kept.folderJar(a.location()) != null) {
				continue;
			}
			PluginEntry e = index.get(cached.getBundleId());
			if (a.sha256().equals(contents.get(a.location()))) {
				if (e != null) {
					e.contentSha = a.sha256();
				}
			} else if (e != null) {
				LOG.info("plugin '{}' changed in the archive while PluginKit was stopped: updating it", e.displayName());
				updateFromArchive(e, cached, a, false);
			}
		}
	}

	/** Uninstalls a bundle that the shared archive no longer lists. */
	private void uninstallRemoved(Bundle b, String cause) {
		PluginEntry e = index.get(b.getBundleId());
		try {
			actions.uninstall(b, "cannot uninstall bundle " + b.getBundleId() + " (" + b.getLocation() + ")");
		} catch (PluginException ex) {
			LOG.error("{}, which was uninstalled on another node: {}", ex.getMessage(), cause);
			return;
		}
		if (e != null) {
			reconciler.removed(e, cause);
		}
	}

	/** Why the kept copy of a bundle cannot be opened, or {@code null} when it can. */
	private String keptCopyProblem(String location) {
		try (InputStream in = kept.open(location)) {
			return in == null ? "the kept copy of " + location + " is missing from the data folder" : null;
		} catch (NoSuchFileException e) {
			return "the kept copy of " + location + " is missing from the data folder (" + e.getFile() + ")";
		} catch (IOException e) {
			return "the kept copy of " + location + " cannot be read (" + e.getMessage() + ")";
		}
	}

	/** See {@link PluginRegistry#restoreStoredBundles(long)}. */
	void restoreKept(long sequence) throws PluginException {
		boolean due = kept.bundles()
			.stream()
			.takeWhile(b -> b.sequence() < sequence)
			.anyMatch(b -> b.kept() && context.getBundle(b.location()) == null && !shared.ownFolderJar(b.location(), sequence));
		if (!due) {
			return; // the folder calls this before each of its jars: most of the time there is nothing to do
		}
		writer.call(() -> {
			for (ArchivedBundle b : kept.bundles()) {
				if (b.sequence() >= sequence) {
					break;
				}
				if (b.kept() && context.getBundle(b.location()) == null && !shared.ownFolderJar(b.location(), sequence)) {
					restore(b.location());
				}
			}
			return null;
		});
	}

	/** Installs a kept copy again; one that is missing or damaged is shown as a FAILED row saying so. */
	private void restore(String location) {
		String file = PluginSource.fileName(location);
		String again = "; install it again with plugin:install";
		try (InputStream in = kept.open(location)) {
			reconciler.track(actions.install(location, in, "the kept copy of " + file + " cannot be installed"));
		} catch (NoSuchFileException e) {
			snapshots.keptProblem(file, location, "the kept copy of " + location + " is missing from the data folder ("
				+ e.getFile() + ")" + again);
		} catch (IOException e) {
			snapshots.keptProblem(file, location, "the kept copy of " + location + " cannot be read (" + e.getMessage()
				+ ")" + again);
		} catch (PluginException e) {
			snapshots.keptProblem(file, location, e.getMessage() + again);
		}
	}

	private Optional<PluginInfo> installed(Bundle bundle, Candidate c, String cause) {
		PluginEntry e = reconciler.track(bundle);
		if (e == null) {
			reconciler.startLibrary(bundle);
			snapshots.publish(cause);
			return Optional.empty();
		}
		e.contentSha = c.sha256();
		if (kept.folderJar(bundle.getLocation()) == null) {
			contents.put(bundle.getLocation(), c.sha256());
		}
		if (publisher.phase() == Phase.STARTING) {
			return Optional.of(snapshots.previewInstalled(e, bundle)); // applied and published with all the others
		}
		reconciler.apply(e, true);
		snapshots.publish(cause);
		return Optional.ofNullable(e.shown);
	}

	private Optional<PluginInfo> updated(PluginEntry e, Bundle bundle, Candidate c, String cause) throws PluginException {
		try (InputStream in = Files.newInputStream(c.jar())) {
			actions.update(bundle, in);
		} catch (IOException ex) {
			throw new PluginException(Kind.BAD_INPUT, c.what() + " cannot be read: " + ex.getMessage(), ex);
		}
		e.quarantine = null;
		e.startError = null;
		snapshots.forgetReports(e.bundleId);
		PluginEntry now = reconciler.track(bundle);
		if (now == null) {
			snapshots.publish(cause);
			return Optional.empty();
		}
		now.contentSha = c.sha256();
		if (kept.folderJar(bundle.getLocation()) == null) {
			contents.put(bundle.getLocation(), c.sha256());
		}
		reconciler.apply(now, true);
		snapshots.publish(cause);
		return Optional.ofNullable(now.shown);
	}

	/** The new jar must be a sound version of the same plugin: checked before the running one is touched. */
	private void checkUpdate(PluginEntry e, Candidate c) throws PluginException {
		if (c.metadata() == null) {
			throw new PluginException(Kind.BAD_INPUT, c.what() + " has no Plugin-Name: it is not a version of plugin '"
				+ e.displayName() + "', which was not updated");
		}
		if (c.metadata().problem() != null) {
			throw new PluginException(Kind.BAD_INPUT, c.what() + " cannot update plugin '" + e.displayName()
				+ "', which keeps running: " + c.metadata().problem());
		}
		if (e.valid() && !c.metadata().name().equals(e.metadata.name())) {
			throw new PluginException(Kind.CONFLICT, c.what() + " is plugin '" + c.metadata().name() + "', not '"
				+ e.metadata.name() + "'; plugin '" + e.metadata.name() + "' was not updated (install it with plugin:install)");
		}
		checkNameFree(c, e.bundleId);
	}

	/** Replaces a folder plugin's jar with the new content in one step, so a restart keeps the update. */
	private static void replaceFolderJar(Path folderJar, Path content, PluginEntry e) throws PluginException {
		try {
			AtomicFile.write(folderJar, out -> Files.copy(content, out));
		} catch (IOException ex) {
			throw new PluginException(Kind.FAILED, "cannot replace " + folderJar.getFileName()
				+ " in the plugins folder (" + ex.getMessage() + "); plugin '" + e.displayName() + "' was not updated", ex);
		}
	}

	private void checkNameFree(Candidate c, long exceptBundle) throws PluginException {
		Optional<PluginEntry> owner = index.owner(c.pluginName(), exceptBundle);
		if (owner.isPresent()) {
			Bundle b = context.getBundle(owner.get().bundleId);
			throw new PluginException(Kind.CONFLICT, "Plugin-Name '" + c.pluginName() + "' is already used by bundle "
				+ owner.get().bundleId + (b == null ? "" : " (" + b.getLocation() + ")")
				+ "; update that plugin instead or rename this one");
		}
	}

	private Bundle bundle(PluginEntry e) throws PluginException {
		return PluginRegistry.bundle(context, e);
	}
}
