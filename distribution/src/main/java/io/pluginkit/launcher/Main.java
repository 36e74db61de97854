package io.pluginkit.launcher;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

/**
 * The {@code Main-Class} of {@code pluginkit.jar}: puts everything the bnd launcher writes while the
 * process runs under {@code <data>/cache/<pid>} instead of {@code java.io.tmpdir}, then hands over to the
 * bnd launcher as before.
 *
 * <p>Why: the bnd launcher keeps the framework storage in a temporary folder ({@code osgi.*.fw}) and copies
 * the jars it runs from ({@code resource*.jar}) there too, and deletes them only in a shutdown hook, which
 * a {@code kill -9} never runs: 1-8 MB left in {@code /tmp} per crash. Under {@code <data>/cache} the next
 * start deletes them ({@link RunFolder}).
 *
 * <p>The bundle cache is kept from one start to the next ({@code launch.keep=true}): the next process takes
 * over the cache of the last one ({@link RunFolder#adoptFramework}), so a restart finds its plugins
 * installed and resolved, as Karaf or a plain Felix would. What a plugin runs is still decided by the
 * runtime alone: it starts plugins transiently, so the framework starts none of them by itself at launch.
 * The launcher updates a platform bundle whose jar in {@code pluginkit.jar} changed (its SHA-256 digest).
 *
 * <p>Set {@code org.osgi.framework.storage} (or the launcher's {@code launch.storage.dir}) to choose the
 * framework storage yourself; it is emptied at every start. When {@code <data>} cannot be written, the
 * launcher falls back to {@code java.io.tmpdir} as before, with one line on stderr.
 */
public final class Main {

	static final String DATA_DIR = "pluginkit.data.dir";
	static final String STORAGE_DIR = "launch.storage.dir";
	static final String KEEP = "launch.keep";
	static final String FRAMEWORK_STORAGE = "org.osgi.framework.storage";
	static final String CONFIG_DIR = "felix.cm.dir";
	static final String EMBEDDED_LAUNCHER = "aQute.launcher.pre.EmbeddedLauncher";
	static final String EMBEDDED_RUNPATH = "Embedded-Runpath";

	private Main() {
	}

	public static void main(String[] args) throws Throwable {
		ClassLoader loader = Main.class.getClassLoader();
		Path data = Path.of(System.getProperty(DATA_DIR, "data")).toAbsolutePath().normalize();
		RunFolder run = new RunFolder(data, ProcessHandle.current().pid());
		if (System.getProperty(CONFIG_DIR) == null) {
			// Configuration Admin keeps configurations in the data folder, not in the bundle cache rebuilt at each start
			System.setProperty(CONFIG_DIR, data.resolve("config").toString());
		}
		try {
			run.clean();
			if (System.getProperty(STORAGE_DIR) == null) {
				// a storage the user chose is emptied at start too (the launcher does it for its storage dir)
				String chosen = System.getProperty(FRAMEWORK_STORAGE);
				System.setProperty(STORAGE_DIR, chosen != null ? chosen : run.framework().toString());
				if (chosen == null && System.getProperty(KEEP) == null) {
					System.setProperty(KEEP, "true");
				}
			}
			loader = launcherLoader(ownJar(), run.folder().resolve("launcher"));
		} catch (IOException | URISyntaxException | RuntimeException e) {
			System.err.println("PluginKit: cannot keep the framework cache in " + run.folder() + " (" + e
				+ "); using " + System.getProperty("java.io.tmpdir") + " instead, which a crash leaves behind");
		}
		try {
			loader.loadClass(EMBEDDED_LAUNCHER).getMethod("main", String[].class).invoke(null, (Object) args);
		} catch (InvocationTargetException e) {
			throw e.getCause();
		}
	}

	static Path ownJar() throws URISyntaxException {
		return Path.of(Main.class.getProtectionDomain().getCodeSource().getLocation().toURI());
	}

	/**
	 * A class loader over {@code pluginkit.jar} in which the jars of its {@code Embedded-Runpath} (the
	 * framework and the launcher) are plain files in {@code lib}: the bnd launcher uses a file it finds as
	 * it is, where it would copy a jar inside a jar to {@code java.io.tmpdir}.
	 */
	static ClassLoader launcherLoader(Path jar, Path lib) throws IOException {
		try (JarFile in = new JarFile(jar.toFile())) {
			Manifest manifest = in.getManifest();
			String runpath = manifest == null ? null : manifest.getMainAttributes().getValue(EMBEDDED_RUNPATH);
			if (runpath == null) {
				throw new IOException(jar + " has no " + EMBEDDED_RUNPATH + " header");
			}
			for (String entry : runpath.trim().split("\\s*,\\s*")) {
				Path target = lib.resolve(entry).normalize();
				if (!target.startsWith(lib) || in.getEntry(entry) == null) {
					throw new IOException(jar + ": " + EMBEDDED_RUNPATH + " names " + entry + ", which it does not hold");
				}
				Files.createDirectories(target.getParent());
				try (InputStream bytes = in.getInputStream(in.getEntry(entry))) {
					Files.copy(bytes, target, StandardCopyOption.REPLACE_EXISTING);
				}
			}
		}
		return new URLClassLoader("pluginkit-launcher", new URL[] { lib.toUri().toURL(), jar.toUri().toURL() },
			ClassLoader.getPlatformClassLoader());
	}
}
