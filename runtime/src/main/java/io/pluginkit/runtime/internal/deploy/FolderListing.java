package io.pluginkit.runtime.internal.deploy;

import java.io.IOException;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import io.pluginkit.runtime.internal.deploy.FolderScanner.Entry;
import io.pluginkit.runtime.internal.deploy.FolderScanner.Kind;
import io.pluginkit.runtime.internal.deploy.FolderScanner.Listing;

/**
 * Lists the hot-deploy folder for the {@link FolderScanner}: every entry whose name ends with
 * {@code .jar} in any case ({@code Plugin.JAR} too), hidden ones excepted, with what it is (a file,
 * a directory, a dangling link), its size, modification time and whether it may be read. A folder
 * that is gone or cannot be read is a {@link Listing#problem()}, never an empty listing: an empty
 * listing would uninstall every plugin of the folder.
 */
final class FolderListing {

	private FolderListing() {
	}

	/** Whether a file name is a jar's: {@code .jar} in any case, not hidden. */
	static boolean isJarName(String name) {
		return !name.startsWith(".") && name.toLowerCase(Locale.ROOT).endsWith(".jar");
	}

	static Listing read(Path folder) {
		if (!Files.exists(folder)) {
			return Listing.unreadable("the plugins folder " + folder + " is gone; its plugins are left as they are"
				+ " until it is back (to uninstall them, empty the folder instead)");
		}
		if (!Files.isDirectory(folder)) {
			return Listing.unreadable("the plugins folder " + folder + " is not a directory; its plugins are left as"
				+ " they are until it is one again");
		}
		List<Entry> entries = new ArrayList<>();
		try (DirectoryStream<Path> files = Files.newDirectoryStream(folder)) {
			for (Path p : files) {
				String name = p.getFileName().toString();
				if (isJarName(name)) {
					Entry e = entry(p, name);
					if (e != null) {
						entries.add(e);
					}
				}
			}
		} catch (IOException | DirectoryIteratorException e) {
			Throwable cause = e instanceof DirectoryIteratorException d ? d.getCause() : e;
			return Listing.unreadable("the plugins folder " + folder + " cannot be read (" + describe(cause)
				+ "); its plugins are left as they are until it can");
		}
		return Listing.of(entries);
	}

	/** One entry, or {@code null} when it vanished between the listing and this look. */
	static Entry entry(Path p, String name) {
		try {
			BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class); // follows a link
			long modified = a.lastModifiedTime().toMillis();
			if (a.isRegularFile()) {
				return new Entry(name, Kind.FILE, a.size(), modified, Files.isReadable(p), null);
			}
			return new Entry(name, a.isDirectory() ? Kind.DIRECTORY : Kind.OTHER, a.size(), modified, true, null);
		} catch (NoSuchFileException e) {
			if (Files.isSymbolicLink(p)) {
				try {
					return new Entry(name, Kind.DANGLING_LINK, 0, 0, false, Files.readSymbolicLink(p).toString());
				} catch (IOException gone) {
					return null;
				}
			}
			return null;
		} catch (IOException e) {
			// it is there but cannot even be looked at (e.g. a link into a folder PluginKit may not enter)
			return Files.exists(p, LinkOption.NOFOLLOW_LINKS) ? new Entry(name, Kind.FILE, -1, -1, false, null) : null;
		}
	}

	private static String describe(Throwable e) {
		if (e instanceof java.nio.file.AccessDeniedException) {
			return "permission denied";
		}
		if (e instanceof java.nio.file.FileSystemException fs && fs.getReason() != null) {
			return fs.getReason();
		}
		return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
	}
}
