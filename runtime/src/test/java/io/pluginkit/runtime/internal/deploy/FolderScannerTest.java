package io.pluginkit.runtime.internal.deploy;

import static io.pluginkit.runtime.internal.deploy.FolderScanner.Action.CLEAR;
import static io.pluginkit.runtime.internal.deploy.FolderScanner.Action.FOLDER_BACK;
import static io.pluginkit.runtime.internal.deploy.FolderScanner.Action.FOLDER_PROBLEM;
import static io.pluginkit.runtime.internal.deploy.FolderScanner.Action.INSTALL;
import static io.pluginkit.runtime.internal.deploy.FolderScanner.Action.PROBLEM;
import static io.pluginkit.runtime.internal.deploy.FolderScanner.Action.UNINSTALL;
import static io.pluginkit.runtime.internal.deploy.FolderScanner.Action.UPDATE;
import static io.pluginkit.runtime.internal.deploy.FolderScanner.Action.WAIT;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.pluginkit.runtime.internal.deploy.FolderScanner.Decision;
import io.pluginkit.runtime.internal.deploy.FolderScanner.Entry;
import io.pluginkit.runtime.internal.deploy.FolderScanner.Kind;
import io.pluginkit.runtime.internal.deploy.FolderScanner.Listing;

/**
 * Every rule of the hot-deploy folder, on a folder simulated by the test: what the files look like
 * at each poll, which have a bundle, their content.
 */
class FolderScannerTest {

	private final FolderScanner scanner = new FolderScanner();
	/** The simulated folder: what a listing sees. */
	private final Map<String, Entry> folder = new LinkedHashMap<>();
	/** Files with a bundle installed from them: kept as the registry would, from the decisions acted on. */
	private final Set<String> installed = new HashSet<>();
	private final Map<String, String> checksums = new HashMap<>();
	private final Set<String> incomplete = new HashSet<>();
	private final Set<String> failingReads = new HashSet<>();
	private long now = 1_000_000;
	private int reads;

	private final FolderScanner.Content content = new FolderScanner.Content() {
		@Override
		public String checksum(String name) throws IOException {
			reads++;
			if (failingReads.contains(name)) {
				throw new IOException("Input/output error");
			}
			String sum = checksums.get(name);
			if (sum == null) {
				throw new NoSuchFileException(name);
			}
			return sum;
		}

		@Override
		public boolean complete(String name) {
			return !incomplete.contains(name);
		}
	};

	// ---------------------------------------------------------------- helpers

	private void write(String name, String content, long size) {
		folder.put(name, Entry.file(name, size, now));
		checksums.put(name, content);
	}

	private void write(String name, String content) {
		write(name, content, content.length());
	}

	private void delete(String name) {
		folder.remove(name);
		checksums.remove(name);
	}

	private List<Decision> poll() {
		return scan(Listing.of(new ArrayList<>(folder.values())), false);
	}

	private List<Decision> startup() {
		return scan(Listing.of(new ArrayList<>(folder.values())), true);
	}

	/** Scans, and acts as the registry would: installs and uninstalls succeed. */
	private List<Decision> scan(Listing listing, boolean initial) {
		List<Decision> decisions = scanner.scan(listing, Set.copyOf(installed), content, now, initial);
		for (Decision d : decisions) {
			if (d.action() == INSTALL) {
				installed.add(d.file());
			} else if (d.action() == UNINSTALL) {
				installed.remove(d.file());
			}
		}
		return decisions;
	}

	/** A poll some time later. */
	private List<Decision> pollAfter(long millis) {
		now += millis;
		return poll();
	}

	private static List<String> actions(List<Decision> decisions) {
		return decisions.stream().map(d -> d.action() + " " + (d.file() == null ? "<folder>" : d.file())).toList();
	}

	private static List<String> acted(List<Decision> decisions) {
		return actions(decisions.stream().filter(d -> d.action() != WAIT).toList());
	}

	// ---------------------------------------------------------------- install, update, uninstall

	@Test
	void aDroppedJarIsInstalledOnceItDidNotChangeBetweenTwoPolls() {
		write("teapot.jar", "v1");

		assertThat(actions(poll())).containsExactly("WAIT teapot.jar");
		assertThat(actions(pollAfter(250))).containsExactly("INSTALL teapot.jar");
		assertThat(pollAfter(250)).isEmpty();
	}

	@Test
	void atStartupTheJarsAreInstalledAtOnceByName() {
		write("b.jar", "b");
		write("a.jar", "a");

		assertThat(actions(startup())).containsExactly("INSTALL a.jar", "INSTALL b.jar");
		assertThat(pollAfter(250)).isEmpty();
	}

	// ---------------------------------------------------------------- a restart on a kept bundle cache

	@Test
	void atARestartAnInstalledJarThatDidNotChangeIsNeitherReadNorActedOn() {
		write("a.jar", "a");
		write("b.jar", "b");
		installed.addAll(List.of("a.jar", "b.jar"));
		scanner.remember("a.jar", new FolderScanner.Known(1, now, "a"));
		scanner.remember("b.jar", new FolderScanner.Known(1, now, "b"));

		assertThat(startup()).isEmpty();
		assertThat(reads).isZero();
		assertThat(scanner.known("a.jar")).isEqualTo(new FolderScanner.Known(1, now, "a"));
	}

	@Test
	void atARestartAJarChangedWhileStoppedIsUpdatedAndOneTouchedIsNot() {
		write("a.jar", "a");
		installed.add("a.jar");
		scanner.remember("a.jar", new FolderScanner.Known(1, now - 60_000, "old a"));
		write("b.jar", "b");
		installed.add("b.jar");
		scanner.remember("b.jar", new FolderScanner.Known(1, now - 60_000, "b")); // copied again, same content

		assertThat(actions(startup())).containsExactly("UPDATE a.jar");
		assertThat(scanner.known("a.jar").checksum()).isEqualTo("a");
		assertThat(scanner.known("b.jar")).isEqualTo(new FolderScanner.Known(1, now, "b"));
	}

	@Test
	void aJarStillBeingCopiedWaitsUntilItStopsChanging() {
		for (int size = 100; size <= 400; size += 100) {
			write("slow.jar", "partial", size);
			now += 250;
			assertThat(actions(poll())).as("%d bytes written", size).containsExactly("WAIT slow.jar");
		}
		assertThat(actions(pollAfter(250))).containsExactly("INSTALL slow.jar");
	}

	@Test
	void anIncompleteJarWaitsForTheGracePeriodThenIsInstalledToBeReportedCorrupt() {
		write("stalled.jar", "half a jar");
		incomplete.add("stalled.jar");
		poll();

		assertThat(actions(pollAfter(250))).containsExactly("WAIT stalled.jar");
		assertThat(actions(pollAfter(FolderScanner.DEFAULT_INCOMPLETE_GRACE_MILLIS - 1000))).containsExactly("WAIT stalled.jar");
		assertThat(actions(pollAfter(1000))).containsExactly("INSTALL stalled.jar");
		assertThat(pollAfter(250)).isEmpty();
	}

	@Test
	void theGracePeriodIsASetting() {
		scanner.incompleteGrace(60_000);
		write("stalled.jar", "half a jar");
		incomplete.add("stalled.jar");
		poll();

		assertThat(actions(pollAfter(FolderScanner.DEFAULT_INCOMPLETE_GRACE_MILLIS + 1000))).containsExactly("WAIT stalled.jar");
		scanner.incompleteGrace(0);
		assertThat(actions(pollAfter(250))).containsExactly("INSTALL stalled.jar");
	}

	@Test
	void anIncompleteJarThatGetsCompletedIsInstalledWithoutWaitingForTheGracePeriod() {
		write("slow.jar", "half", 50);
		incomplete.add("slow.jar");
		poll();
		assertThat(actions(pollAfter(250))).containsExactly("WAIT slow.jar");

		write("slow.jar", "whole", 100);
		incomplete.remove("slow.jar");
		assertThat(actions(pollAfter(250))).containsExactly("WAIT slow.jar");
		assertThat(actions(pollAfter(250))).containsExactly("INSTALL slow.jar");
	}

	@Test
	void aChangedJarUpdatesItsPlugin() {
		write("teapot.jar", "v1");
		startup();

		now += 1000;
		write("teapot.jar", "v2");
		assertThat(actions(poll())).containsExactly("WAIT teapot.jar");
		assertThat(actions(pollAfter(250))).containsExactly("UPDATE teapot.jar");
		assertThat(pollAfter(250)).isEmpty();
	}

	@Test
	void aJarTouchedOrCopiedAgainWithTheSameContentIsNotUpdated() {
		write("teapot.jar", "v1");
		startup();

		now += 1000;
		write("teapot.jar", "v1");
		poll();
		assertThat(acted(pollAfter(250))).isEmpty();
		int readsBefore = reads;
		assertThat(pollAfter(250)).isEmpty();
		assertThat(reads).as("an unchanged jar is not read again").isEqualTo(readsBefore);
	}

	@Test
	void aDeletedJarUninstallsItsPlugin() {
		write("a.jar", "a");
		write("b.jar", "b");
		startup();

		delete("a.jar");
		assertThat(actions(pollAfter(250))).containsExactly("UNINSTALL a.jar");
		assertThat(pollAfter(250)).isEmpty();
	}

	@Test
	void uninstallsComeFirst() {
		write("z.jar", "z");
		startup();

		delete("z.jar");
		write("a.jar", "a");
		assertThat(actions(startup())).containsExactly("UNINSTALL z.jar", "INSTALL a.jar");
	}

	@Test
	void aJarWhoseBundleWasUninstalledElsewhereIsNotInstalledAgainUntilItChanges() {
		write("teapot.jar", "v1");
		startup();
		installed.remove("teapot.jar"); // plain Felix uninstall

		assertThat(pollAfter(250)).isEmpty();
		now += 1000;
		write("teapot.jar", "v1");
		poll();
		assertThat(actions(pollAfter(250))).containsExactly("INSTALL teapot.jar");
	}

	// ---------------------------------------------------------------- a folder that blinks

	@Test
	void aFolderThatCannotBeReadChangesNothingAndIsReportedOnce() {
		write("a.jar", "a");
		write("b.jar", "b");
		startup();

		List<Decision> first = scan(Listing.unreadable("the plugins folder /p cannot be read (permission denied)"), false);
		assertThat(first).containsExactly(new Decision(FOLDER_PROBLEM, null,
			"the plugins folder /p cannot be read (permission denied)"));
		for (int i = 0; i < 6; i++) {
			now += 250;
			assertThat(scan(Listing.unreadable("the plugins folder /p cannot be read (permission denied)"), false))
				.as("poll %d while unreadable", i).isEmpty();
		}

		assertThat(actions(pollAfter(250))).containsExactly("FOLDER_BACK <folder>");
		assertThat(installed).containsExactlyInAnyOrder("a.jar", "b.jar");
		assertThat(pollAfter(250)).isEmpty();
	}

	@Test
	void aFolderThatIsGoneThenUnreadableIsReportedOnceForEachReason() {
		write("a.jar", "a");
		startup();

		assertThat(actions(scan(Listing.unreadable("gone"), false))).containsExactly("FOLDER_PROBLEM <folder>");
		assertThat(scan(Listing.unreadable("gone"), false)).isEmpty();
		assertThat(scan(Listing.unreadable("unreadable"), false)).extracting(Decision::reason).containsExactly("unreadable");
		assertThat(actions(pollAfter(250))).containsExactly("FOLDER_BACK <folder>");
	}

	@Test
	void whatChangedWhileTheFolderWasAwayIsActedOnWhenItIsBack() {
		write("a.jar", "a");
		write("b.jar", "b");
		startup();
		scan(Listing.unreadable("gone"), false);

		delete("a.jar");
		now += 1000;
		write("b.jar", "b2");
		write("c.jar", "c");
		assertThat(actions(poll())).containsExactly("FOLDER_BACK <folder>", "UNINSTALL a.jar", "WAIT b.jar", "WAIT c.jar");
		assertThat(actions(pollAfter(250))).containsExactly("UPDATE b.jar", "INSTALL c.jar");
	}

	@Test
	void aFolderUnreadableAtStartupInstallsNothingAndResumesWhenReadable() {
		assertThat(actions(scan(Listing.unreadable("gone"), true))).containsExactly("FOLDER_PROBLEM <folder>");
		write("a.jar", "a");

		assertThat(actions(pollAfter(250))).containsExactly("FOLDER_BACK <folder>", "WAIT a.jar");
		assertThat(actions(pollAfter(250))).containsExactly("INSTALL a.jar");
	}

	// ---------------------------------------------------------------- files that cannot be jars

	@Test
	void aDirectoryADanglingLinkAndAnUnreadableJarAreEachReportedOnceWithTheReason() {
		folder.put("dir.jar", new Entry("dir.jar", Kind.DIRECTORY, 4096, now, true, null));
		folder.put("link.jar", new Entry("link.jar", Kind.DANGLING_LINK, 0, 0, false, "/opt/releases/link-1.0.jar"));
		folder.put("secret.jar", new Entry("secret.jar", Kind.FILE, 100, now, false, null));
		folder.put("fifo.jar", new Entry("fifo.jar", Kind.OTHER, 0, now, true, null));

		List<Decision> first = poll();
		assertThat(first).extracting(Decision::action).containsOnly(PROBLEM);
		assertThat(first).extracting(Decision::file).containsExactly("dir.jar", "fifo.jar", "link.jar", "secret.jar");
		assertThat(first.get(0).reason()).isEqualTo("dir.jar is a directory, not a jar; it is ignored (remove it or rename it)");
		assertThat(first.get(1).reason()).startsWith("fifo.jar is not a regular file");
		assertThat(first.get(2).reason())
			.isEqualTo("link.jar is a symbolic link to /opt/releases/link-1.0.jar, which does not exist; it is ignored until its target is there");
		assertThat(first.get(3).reason()).startsWith("secret.jar cannot be read (no read permission)");

		for (int i = 0; i < 4; i++) {
			assertThat(pollAfter(250)).as("poll %d", i).isEmpty();
		}
		assertThat(reads).as("nothing was read").isZero();

		folder.remove("dir.jar");
		assertThat(actions(pollAfter(250))).containsExactly("CLEAR dir.jar");
	}

	@Test
	void anUnreadableJarThatBecomesReadableIsInstalled() {
		folder.put("secret.jar", new Entry("secret.jar", Kind.FILE, 100, now, false, null));
		checksums.put("secret.jar", "s");
		poll();

		folder.put("secret.jar", Entry.file("secret.jar", 100, now));
		assertThat(actions(pollAfter(250))).containsExactly("CLEAR secret.jar", "INSTALL secret.jar");
	}

	@Test
	void anInstalledJarThatCannotBeReadAnyMoreKeepsItsPlugin() {
		write("teapot.jar", "v1");
		long written = now;
		startup();

		folder.put("teapot.jar", new Entry("teapot.jar", Kind.FILE, 2, written, false, null));
		assertThat(actions(pollAfter(250))).containsExactly("PROBLEM teapot.jar");
		assertThat(pollAfter(250)).isEmpty();
		assertThat(installed).containsExactly("teapot.jar");

		folder.put("teapot.jar", Entry.file("teapot.jar", 2, written));
		assertThat(actions(pollAfter(250))).containsExactly("CLEAR teapot.jar");
		assertThat(pollAfter(250)).isEmpty();
	}

	@Test
	void aJarThatFailsToReadIsReportedOnceAndLookedAtAgainWhenItChanges() {
		write("bad.jar", "x");
		failingReads.add("bad.jar");
		poll();

		List<Decision> reported = pollAfter(250);
		assertThat(actions(reported)).containsExactly("PROBLEM bad.jar");
		assertThat(reported.get(0).reason()).isEqualTo("bad.jar cannot be read (Input/output error); it is ignored until it changes");
		assertThat(pollAfter(250)).isEmpty();

		failingReads.clear();
		now += 1000;
		write("bad.jar", "fixed");
		poll();
		assertThat(actions(pollAfter(250))).containsExactly("INSTALL bad.jar");
	}

	@Test
	void aJarThatVanishesWhileReadIsSeenGoneAtTheNextPoll() {
		write("brief.jar", "x");
		poll();
		checksums.remove("brief.jar");

		assertThat(pollAfter(250)).isEmpty();
		folder.remove("brief.jar");
		assertThat(pollAfter(250)).isEmpty();
	}

	// ---------------------------------------------------------------- refused jars

	@Test
	void aRefusedJarIsNotTriedAgainUntilItChanges() {
		write("broken.jar", "not a zip");
		startup();
		installed.remove("broken.jar");
		scanner.refused("broken.jar", false);

		scanner.retryRefused();
		assertThat(pollAfter(250)).isEmpty();
		assertThat(pollAfter(250)).isEmpty();

		now += 1000;
		write("broken.jar", "a jar now");
		poll();
		assertThat(actions(pollAfter(250))).containsExactly("INSTALL broken.jar");
	}

	@Test
	void aJarRefusedForATakenNameIsTriedAgainWhenANameIsFreed() {
		write("twin-a.jar", "a");
		write("twin-b.jar", "b");
		startup();
		installed.remove("twin-b.jar");
		scanner.refused("twin-b.jar", true);
		assertThat(pollAfter(250)).isEmpty();

		delete("twin-a.jar");
		assertThat(actions(pollAfter(250))).containsExactly("UNINSTALL twin-a.jar");
		scanner.retryRefused();
		assertThat(actions(pollAfter(250))).containsExactly("INSTALL twin-b.jar");
		assertThat(scanner.isRefusedRetryable("twin-b.jar")).isFalse();
		assertThat(pollAfter(250)).isEmpty();
	}

	@Test
	void anUpdateRefusedForATakenNameIsTriedAgainWhenANameIsFreed() {
		write("alpha.jar", "alpha");
		startup();
		now += 1000;
		write("alpha.jar", "now calls itself beta, which is taken");
		poll();
		assertThat(actions(pollAfter(250))).containsExactly("UPDATE alpha.jar");
		scanner.refused("alpha.jar", true);

		scanner.retryRefused();
		assertThat(actions(pollAfter(250))).containsExactly("UPDATE alpha.jar");
	}

	@Test
	void aRefusedJarThatIsDeletedHasItsProblemCleared() {
		write("broken.jar", "x");
		startup();
		installed.remove("broken.jar");
		scanner.refused("broken.jar", true);

		delete("broken.jar");
		assertThat(actions(pollAfter(250))).containsExactly("CLEAR broken.jar");
		scanner.retryRefused();
		assertThat(pollAfter(250)).isEmpty();
	}
}
