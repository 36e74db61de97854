package io.pluginkit.runtime.internal.state;

import java.io.IOException;
import java.nio.file.Path;
import java.util.function.Consumer;

import org.osgi.annotation.bundle.Capability;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.pluginkit.runtime.internal.settings.Settings;

/**
 * Opens the data folder at start and publishes it as a {@link DataFolder} service, on which the
 * file {@link FileStateStore} and {@link FileBundleArchive} (and so the whole runtime) depend.
 * <p>
 * PluginKit cannot run on a state it cannot trust: another PluginKit using the folder would
 * overwrite its decisions, a damaged {@code state.properties} would be read as no decisions. Then
 * the gate prints one line ({@code PluginKit cannot start: ...}), publishes nothing, so that nothing
 * else starts, and stops the framework. The check is done here, not by throwing from a component's
 * constructor, because SCR logs such a throw with a stack trace of a hundred lines. The service is
 * registered by hand for the same reason: DS registers a component's service before it knows
 * whether activation will succeed.
 * <p>
 * A folder that can be read but not written is opened: PluginKit serves with what it read.
 * <p>
 * The service carries {@code pluginkit.store} ({@code file} unless {@code -Dpluginkit.store=postgresql}):
 * the file stores bind only to {@code file}, so that the cluster store of {@code store-postgresql} is
 * the one the registry gets when it is selected; an unknown name stops the start with one line.
 * <p>
 * The capability tells the resolver that the bundle provides the service its stores require.
 */
@Capability(namespace = "osgi.service",
	attribute = "objectClass:List<String>=\"io.pluginkit.runtime.internal.state.DataFolder\"")
@Component(immediate = true, service = {})
public final class DataFolderGate {

	private static final Logger LOG = LoggerFactory.getLogger(DataFolderGate.class);

	private final DataFolder folder;
	private final ServiceRegistration<DataFolder> registration;

	@Activate
	public DataFolderGate(BundleContext context) {
		Settings settings = Settings.from(context);
		DataFolder opened;
		String store = storeName(context.getProperty(DataFolder.STORE));
		try {
			if (store == null) {
				throw new IOException(DataFolder.STORE + " is '" + context.getProperty(DataFolder.STORE)
					+ "': choose file (the default, in the data folder) or postgresql");
			}
			opened = open(settings.dataDir(), settings.pluginsDir(), LOG::warn);
		} catch (IOException e) {
			refuseToStart(context, e.getMessage());
			opened = null;
		}
		this.folder = opened;
		this.registration = opened == null ? null
			: context.registerService(DataFolder.class, opened,
				new java.util.Hashtable<>(java.util.Map.of(DataFolder.STORE, store)));
	}

	@Deactivate
	void deactivate() {
		if (registration != null) {
			try {
				registration.unregister(); // the stores and everything on them stop first
			} catch (IllegalStateException e) {
				// already unregistered by the framework
			}
		}
		if (folder != null) {
			folder.close();
		}
	}

	/** The selected state store, {@code file} when none is: a known name, or {@code null}. */
	static String storeName(String property) {
		String name = property == null || property.isBlank() ? "file" : property.trim().toLowerCase(java.util.Locale.ROOT);
		return name.equals("file") || name.equals("postgresql") ? name : null;
	}

	/**
	 * Opens and checks a data folder: its lock, its leftovers, and every file the stores will read.
	 *
	 * @throws IOException when PluginKit must not start on it; the message is the line to print
	 */
	static DataFolder open(Path dataDir, Path pluginsDir, Consumer<String> warnings) throws IOException {
		DataFolder folder = DataFolder.open(dataDir, warnings);
		try {
			FileStateStore.read(folder);
			FileBundleArchive.Index index = FileBundleArchive.read(folder, pluginsDir);
			if (folder.writable() && folder.locked()) {
				FileBundleArchive.removeUnreferencedCopies(folder, index);
			}
			return folder;
		} catch (IOException | RuntimeException e) {
			folder.close();
			throw e;
		}
	}

	/** One line, then the framework stops; nothing of PluginKit runs on a state it cannot trust. */
	private static void refuseToStart(BundleContext context, String why) {
		System.err.println("PluginKit cannot start: " + why);
		System.err.flush();
		Thread stop = new Thread(() -> {
			try {
				context.getBundle(0).stop();
			} catch (Exception e) {
				// already stopping
			}
		}, "pluginkit-stop");
		stop.start();
	}
}
