package io.pluginkit.runtime.internal.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.pluginkit.runtime.internal.deploy.FolderScanner.Entry;
import io.pluginkit.runtime.internal.deploy.FolderScanner.Kind;
import io.pluginkit.runtime.internal.deploy.FolderScanner.Listing;

/** What a listing of a real folder shows the scanner. */
class FolderListingTest {

	@TempDir
	Path temp;

	@Test
	void jarsOfAnyCaseAreListedAndOtherFilesAndHiddenOnesAreNot() throws IOException {
		Path folder = Files.createDirectories(temp.resolve("plugins"));
		Files.writeString(folder.resolve("lower.jar"), "12345");
		Files.writeString(folder.resolve("UPPER.JAR"), "1");
		Files.writeString(folder.resolve("Mixed.Jar"), "1");
		Files.writeString(folder.resolve("README.txt"), "1");
		Files.writeString(folder.resolve(".partial.jar"), "1");
		Files.writeString(folder.resolve(".update-1.tmp"), "1");

		Listing listing = FolderListing.read(folder);

		assertThat(listing.problem()).isNull();
		assertThat(listing.entries()).extracting(Entry::name).containsExactlyInAnyOrder("lower.jar", "UPPER.JAR", "Mixed.Jar");
		Entry lower = listing.entries().stream().filter(e -> e.name().equals("lower.jar")).findFirst().orElseThrow();
		assertThat(lower.kind()).isEqualTo(Kind.FILE);
		assertThat(lower.size()).isEqualTo(5);
		assertThat(lower.modified()).isEqualTo(Files.getLastModifiedTime(folder.resolve("lower.jar")).toMillis());
		assertThat(lower.readable()).isTrue();
	}

	@Test
	void aDirectoryNamedLikeAJarAndADanglingLinkAreListedForWhatTheyAre() throws IOException {
		Path folder = Files.createDirectories(temp.resolve("plugins"));
		Files.createDirectory(folder.resolve("x.jar"));
		Files.createSymbolicLink(folder.resolve("link.jar"), temp.resolve("releases/link-1.0.jar"));
		Path real = Files.writeString(temp.resolve("real.jar"), "jar");
		Files.createSymbolicLink(folder.resolve("good-link.jar"), real);

		Listing listing = FolderListing.read(folder);

		assertThat(listing.entries()).extracting(Entry::name, Entry::kind).containsExactlyInAnyOrder(
			org.assertj.core.groups.Tuple.tuple("x.jar", Kind.DIRECTORY),
			org.assertj.core.groups.Tuple.tuple("link.jar", Kind.DANGLING_LINK),
			org.assertj.core.groups.Tuple.tuple("good-link.jar", Kind.FILE));
		assertThat(listing.entries()).filteredOn(e -> e.name().equals("link.jar")).extracting(Entry::target)
			.containsExactly(temp.resolve("releases/link-1.0.jar").toString());
	}

	@Test
	void aFolderThatIsGoneIsAProblemNotAnEmptyListing() {
		Path gone = temp.resolve("plugins");

		Listing listing = FolderListing.read(gone);

		assertThat(listing.problem()).isEqualTo("the plugins folder " + gone
			+ " is gone; its plugins are left as they are until it is back (to uninstall them, empty the folder instead)");
		assertThat(listing.entries()).isEmpty();
	}

	@Test
	void aFolderThatIsAFileIsAProblem() throws IOException {
		Path file = Files.writeString(temp.resolve("plugins"), "not a folder");

		assertThat(FolderListing.read(file).problem()).startsWith("the plugins folder " + file + " is not a directory");
	}

	@Test
	void aFolderThatCannotBeReadIsAProblem() throws IOException {
		Path folder = Files.createDirectories(temp.resolve("plugins"));
		Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("---------"));
		try {
			assumeFalse(Files.isReadable(folder), "run as root: permissions do not stop reads");

			assertThat(FolderListing.read(folder).problem()).isEqualTo("the plugins folder " + folder
				+ " cannot be read (permission denied); its plugins are left as they are until it can");
		} finally {
			Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwx------"));
		}
	}

	@Test
	void anEmptyFolderIsAnEmptyListing() throws IOException {
		Listing listing = FolderListing.read(Files.createDirectories(temp.resolve("plugins")));

		assertThat(listing.problem()).isNull();
		assertThat(listing.entries()).isEmpty();
	}
}
