package io.pluginkit.runtime.internal.deploy;

import java.nio.file.Path;

import org.osgi.framework.Bundle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.pluginkit.runtime.internal.registry.PluginException;
import io.pluginkit.runtime.internal.registry.PluginRegistry;

/**
 * Does what the {@link FolderScanner} decided, through the registry: installs, updates and
 * uninstalls the plugins of the folder's jars, and shows what cannot be done as a problem of the
 * file ({@link FolderProblems}), with the registry's reason. One log line per action.
 */
final class FolderInstaller {

	private static final Logger LOG = LoggerFactory.getLogger(FolderInstaller.class);

	/** How an install or update ended. */
	enum Outcome {
		DONE,
		/** Refused; tried again when the file changes. */
		REFUSED,
		/** Refused for a reason another plugin may lift (its {@code Plugin-Name} is taken). */
		REFUSED_UNTIL_NAME_FREE,
		/** Refused because the state store cannot take changes now: tried again at the next look. */
		REFUSED_UNTIL_STORE_BACK
	}

	private final PluginRegistry registry;
	private final FolderProblems problems;

	FolderInstaller(PluginRegistry registry, FolderProblems problems) {
		this.registry = registry;
		this.problems = problems;
	}

	Outcome install(Path jar) {
		Path file = jar.getFileName();
		try {
			registry.installFromFolder(jar).ifPresentOrElse(
				p -> LOG.info("hot-deploy: installed {} as plugin '{}' ({})", file, p.name(), p.state()),
				() -> LOG.info("hot-deploy: installed {} as a library (no Plugin-Name)", file));
			problems.clear(location(jar));
			return Outcome.DONE;
		} catch (PluginException e) {
			return refused(jar, e);
		}
	}

	Outcome update(Path jar, Bundle bundle) {
		Path file = jar.getFileName();
		try {
			registry.updateFromFolder(bundle, jar).ifPresentOrElse(
				p -> LOG.info("hot-deploy: updated plugin '{}' from {} ({})", p.name(), file, p.state()),
				() -> LOG.info("hot-deploy: updated library from {}", file));
			problems.clear(location(jar));
			return Outcome.DONE;
		} catch (PluginException e) {
			return refused(jar, e);
		}
	}

	/** Uninstalls the bundle of a deleted jar; returns whether it was (a cluster store that is away refuses it until it is back). */
	boolean uninstall(Path jar, Bundle bundle) {
		try {
			registry.uninstallFromFolder(bundle);
			problems.clear(location(jar));
			LOG.info("hot-deploy: {} was removed; its plugin was uninstalled", jar.getFileName());
		} catch (PluginException e) {
			if (e.kind() == PluginException.Kind.UNAVAILABLE) {
				problems.report(jar.getFileName().toString(), location(jar), e.getMessage()); // said once; tried at each look
				return false;
			}
			problems.clear(location(jar));
			LOG.error("hot-deploy: {} was removed but its bundle {} cannot be uninstalled: {}", jar.getFileName(),
				bundle.getBundleId(), e.getMessage());
		}
		return true;
	}

	/** Shows a problem of a file of the folder. */
	void problem(Path file, String reason) {
		problems.report(file.getFileName().toString(), location(file), reason);
	}

	/** Stops showing the problem of a file of the folder. */
	void clear(Path file) {
		problems.clear(location(file));
	}

	/** Shows that the folder itself cannot be read. */
	void folderProblem(Path folder, String reason) {
		problems.report(folder.getFileName() + "/", location(folder) + "/", reason);
	}

	void folderBack(Path folder) {
		problems.clear(location(folder) + "/");
		LOG.info("hot-deploy: the plugins folder {} can be read again", folder);
	}

	private Outcome refused(Path jar, PluginException e) {
		problems.report(jar.getFileName().toString(), location(jar), e.getMessage());
		return switch (e.kind()) {
			case CONFLICT -> Outcome.REFUSED_UNTIL_NAME_FREE;
			case UNAVAILABLE -> Outcome.REFUSED_UNTIL_STORE_BACK;
			default -> Outcome.REFUSED;
		};
	}

	/**
	 * A file's location, as its bundle's would be: the same whatever the file is now ({@code toUri}
	 * adds a {@code /} to a directory's).
	 */
	static String location(Path file) {
		String uri = file.toUri().toString();
		return uri.endsWith("/") ? uri.substring(0, uri.length() - 1) : uri;
	}
}
