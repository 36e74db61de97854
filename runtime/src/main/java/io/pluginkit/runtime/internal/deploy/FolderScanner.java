package io.pluginkit.runtime.internal.deploy;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Decides what the hot-deploy folder asks for, from what one listing of it saw and what this
 * scanner remembers of the listings before: install, update or uninstall a jar, report a file
 * that cannot be a jar, wait for a jar still being copied, or nothing. It does no I/O of its own
 * (the content of a jar, its checksum and whether it is complete, is asked through
 * {@link Content} only for a jar that settled after a change), so every rule is unit-tested; as
 * Felix FileInstall's {@code Scanner}, the {@link HotDeployWatcher} lists and acts around it.
 * <p>
 * The rules:
 * <ul>
 * <li>A folder that cannot be listed, or is gone, changes nothing: it is reported once, and
 * scanning resumes, against what was seen before, when it can be listed again.</li>
 * <li>A file whose name ends with {@code .jar} in any case is a jar, unless hidden ({@code .x.jar}:
 * an editor's or a copier's temporary file). One that is a directory, a dangling symbolic link,
 * not a regular file or not readable is reported once with the reason, and never uninstalls the
 * plugin it may have been: only a name gone from the listing does.</li>
 * <li>A jar is acted on once its size and modification time did not change between two listings
 * (a copy in progress is left alone) and, when it does not read as a complete jar, once it has not
 * changed for the grace period ({@link #DEFAULT_INCOMPLETE_GRACE_MILLIS} ms unless set: a stalled copy is
 * not called corrupt at once).
 * The listing at startup acts at once.</li>
 * <li>A jar whose content did not change (touched, or copied again) is not acted on again; one
 * that was refused is tried again when it changes, or, for a refusal that another plugin may lift
 * (a duplicate {@code Plugin-Name}), after {@link #retryRefused()}.</li>
 * </ul>
 * Not thread-safe: one thread scans.
 */
final class FolderScanner {

	/** How long an incomplete jar may stay unchanged before it is installed anyway (and reported as corrupt). */
	static final long DEFAULT_INCOMPLETE_GRACE_MILLIS = 5_000;

	private long incompleteGraceMillis = DEFAULT_INCOMPLETE_GRACE_MILLIS;

	/** What a listing says a directory entry is. */
	enum Kind {
		/** A regular file, or a symbolic link to one. */
		FILE,
		/** A directory, or a symbolic link to one. */
		DIRECTORY,
		/** A symbolic link whose target does not exist. */
		DANGLING_LINK,
		/** Anything else: a pipe, a socket, a device. */
		OTHER
	}

	/**
	 * One directory entry whose name ends with {@code .jar} (any case), as a listing saw it.
	 *
	 * @param target for a {@link Kind#DANGLING_LINK}, where it points; else {@code null}
	 */
	record Entry(String name, Kind kind, long size, long modified, boolean readable, String target) {

		static Entry file(String name, long size, long modified) {
			return new Entry(name, Kind.FILE, size, modified, true, null);
		}
	}

	/**
	 * One listing of the folder.
	 *
	 * @param problem why the folder could not be listed (it is gone, not a directory, not
	 *            readable), or {@code null} when {@code entries} is what it holds
	 */
	record Listing(List<Entry> entries, String problem) {

		static Listing of(List<Entry> entries) {
			return new Listing(List.copyOf(entries), null);
		}

		static Listing unreadable(String problem) {
			return new Listing(List.of(), Objects.requireNonNull(problem));
		}
	}

	/** The content of a jar of the folder, read only when a decision needs it. */
	interface Content {

		/** A fingerprint of the content; {@link NoSuchFileException} when it is gone meanwhile. */
		String checksum(String name) throws IOException;

		/** Whether it reads as a complete jar (its central directory is there). */
		boolean complete(String name);
	}

	enum Action {
		/** Install the jar: no bundle comes from it. */
		INSTALL,
		/** Update the bundle that comes from it with its new content. */
		UPDATE,
		/** Uninstall the bundle of a jar that is gone. */
		UNINSTALL,
		/** The file cannot be a jar ({@code reason} says why): show it, once. */
		PROBLEM,
		/** The file reported before is gone or fine now: stop showing its problem. */
		CLEAR,
		/** The jar is being written (or is incomplete, for now): nothing until it settles. */
		WAIT,
		/** The folder cannot be listed ({@code reason} says why): nothing changes; show it, once. */
		FOLDER_PROBLEM,
		/** The folder can be listed again. */
		FOLDER_BACK
	}

	/** What to do about one file ({@code null} for the folder itself). */
	record Decision(Action action, String file, String reason) {

		static Decision of(Action action, String file) {
			return new Decision(action, file, null);
		}
	}

	/**
	 * What the scanner knows of a jar it acted on, kept across restarts ({@link FolderStamps}) so that a
	 * restart need not read every jar again to find that nothing changed.
	 */
	record Known(long size, long modified, String checksum) {
	}

	/** What a jar looked like at a listing: enough to see that it changed or is still changing. */
	private record Stamp(long size, long modified) {
	}

	/** A jar as last acted on (or refused). */
	private record Seen(Stamp stamp, String checksum) {
	}

	private final Map<String, Stamp> lastListing = new HashMap<>();
	private final Map<String, Seen> acted = new HashMap<>();
	/** Files reported as problems by the scanner itself, with the reason. */
	private final Map<String, String> reported = new HashMap<>();
	/** Jars refused for a reason another plugin may lift; retried on {@link #retryRefused()}. */
	private final Set<String> refusedRetryable = new HashSet<>();
	/** Jars to act on at the next scan even though they did not change. */
	private final Set<String> retry = new HashSet<>();
	private String folderProblem;

	/** How long an incomplete jar may stay unchanged before it is acted on anyway. */
	void incompleteGrace(long millis) {
		this.incompleteGraceMillis = millis;
	}

	/**
	 * Takes what an earlier run knew of a jar whose bundle is installed: until the jar changes, it is
	 * not acted on (nor read) again. Only for a jar whose bundle is installed now: one remembered
	 * without its bundle would be taken for a refused jar and left alone until it changes.
	 */
	void remember(String name, Known known) {
		acted.put(name, new Seen(new Stamp(known.size(), known.modified()), known.checksum()));
	}

	/** What the scanner knows of the jar it last acted on under this name, or {@code null}. */
	Known known(String name) {
		Seen seen = acted.get(name);
		return seen == null || seen.checksum() == null ? null
			: new Known(seen.stamp().size(), seen.stamp().modified(), seen.checksum());
	}

	/**
	 * What to do after a listing.
	 *
	 * @param listing what the folder holds now, or why it could not be listed
	 * @param installed the names of the folder's jars a bundle was installed from
	 * @param content reads a jar when a decision needs it
	 * @param now the current time, in the unit of the entries' modification times (ms)
	 * @param initial whether this is the listing at startup: act at once, do not wait for jars to settle
	 * @return the decisions, uninstalls first, then by file name
	 */
	List<Decision> scan(Listing listing, Set<String> installed, Content content, long now, boolean initial) {
		List<Decision> decisions = new ArrayList<>();
		if (listing.problem() != null) {
			if (!listing.problem().equals(folderProblem)) {
				folderProblem = listing.problem();
				decisions.add(new Decision(Action.FOLDER_PROBLEM, null, folderProblem));
			}
			return decisions; // change nothing, remember nothing: what was seen before still stands
		}
		if (folderProblem != null) {
			folderProblem = null;
			decisions.add(Decision.of(Action.FOLDER_BACK, null));
		}

		Map<String, Entry> entries = new TreeMap<>();
		for (Entry e : listing.entries()) {
			entries.put(e.name(), e);
		}
		for (String name : new TreeSet<>(installed)) {
			if (!entries.containsKey(name)) {
				decisions.add(Decision.of(Action.UNINSTALL, name));
			}
		}
		Set<String> gone = new HashSet<>(acted.keySet());
		gone.addAll(reported.keySet());
		gone.removeAll(entries.keySet());
		for (String name : new TreeSet<>(gone)) {
			acted.remove(name);
			refusedRetryable.remove(name);
			retry.remove(name);
			if (reported.remove(name) != null || !installed.contains(name)) {
				decisions.add(Decision.of(Action.CLEAR, name)); // a problem row it may have had goes with it
			}
		}

		for (Entry e : entries.values()) {
			String problem = problem(e);
			if (problem != null) {
				if (!problem.equals(reported.put(e.name(), problem))) {
					decisions.add(new Decision(Action.PROBLEM, e.name(), problem));
				}
				continue;
			}
			if (reported.remove(e.name()) != null) {
				decisions.add(Decision.of(Action.CLEAR, e.name()));
			}
			Decision d = jar(e, installed.contains(e.name()), content, now, initial);
			if (d != null) {
				decisions.add(d);
			}
		}

		lastListing.clear();
		for (Entry e : entries.values()) {
			lastListing.put(e.name(), new Stamp(e.size(), e.modified()));
		}
		return decisions;
	}

	private Decision jar(Entry e, boolean installed, Content content, long now, boolean initial) {
		String name = e.name();
		Stamp stamp = new Stamp(e.size(), e.modified());
		Seen seen = acted.get(name);
		boolean retrying = retry.contains(name);
		if (seen != null && seen.stamp().equals(stamp) && !retrying) {
			return null; // unchanged since it was last acted on
		}
		if (!initial && !stamp.equals(lastListing.get(name))) {
			return new Decision(Action.WAIT, name, "it changed since the last look");
		}
		String checksum;
		try {
			checksum = content.checksum(name);
		} catch (NoSuchFileException ex) {
			return null; // gone meanwhile: the next listing sees it gone
		} catch (IOException ex) {
			acted.put(name, new Seen(stamp, null)); // looked at again when it changes
			return new Decision(Action.PROBLEM, name, name + " cannot be read (" + ex.getMessage()
				+ "); it is ignored until it changes");
		}
		if (seen != null && checksum.equals(seen.checksum()) && installed && !retrying) {
			acted.put(name, new Seen(stamp, checksum)); // touched or copied again, same content
			return null;
		}
		if (now - e.modified() < incompleteGraceMillis && !content.complete(name)) {
			// most likely a copy that paused (a slow disk or network): wait for it before calling it corrupt
			return new Decision(Action.WAIT, name, "it is not a complete jar yet");
		}
		acted.put(name, new Seen(stamp, checksum));
		retry.remove(name);
		refusedRetryable.remove(name);
		return Decision.of(installed ? Action.UPDATE : Action.INSTALL, name);
	}

	/** Why a directory entry cannot be a jar, or {@code null}. */
	private static String problem(Entry e) {
		String name = e.name();
		return switch (e.kind()) {
			case DIRECTORY -> name + " is a directory, not a jar; it is ignored (remove it or rename it)";
			case DANGLING_LINK -> name + " is a symbolic link to " + e.target()
				+ ", which does not exist; it is ignored until its target is there";
			case OTHER -> name + " is not a regular file; it is ignored (put the jar itself in the folder)";
			case FILE -> e.readable() ? null
				: name + " cannot be read (no read permission); it is ignored until PluginKit may read it";
		};
	}

	/**
	 * The jar acted on last could not be installed or used as an update; with {@code retryable}, for
	 * a reason that may go away by itself (its {@code Plugin-Name} is taken): see {@link #retryRefused}.
	 */
	void refused(String name, boolean retryable) {
		if (retryable) {
			refusedRetryable.add(name);
		} else {
			refusedRetryable.remove(name);
		}
	}

	/**
	 * A plugin went away (a name may be free): the next scan acts again on the jars refused for a
	 * reason that may have gone with it. Cheap: only those jars are looked at again.
	 */
	void retryRefused() {
		retry.addAll(refusedRetryable);
	}

	/** Whether a jar waits to be tried again after a refusal another plugin may lift. */
	boolean isRefusedRetryable(String name) {
		return refusedRetryable.contains(name);
	}
}
