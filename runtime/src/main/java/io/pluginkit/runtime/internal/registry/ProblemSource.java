package io.pluginkit.runtime.internal.registry;

import java.time.Instant;
import java.util.List;

/**
 * Jars that could not become a plugin, kept by whoever found them (the hot-deploy folder), which
 * the registry lists as {@code FAILED} rows of their own.
 */
public interface ProblemSource {

	/**
	 * One problem.
	 *
	 * @param file what {@code plugin:list} names: the file's name, or the folder's name and a {@code /}
	 * @param location the file's {@code file:} URI, which the bundle would have had
	 * @param reason the whole reason, naming the file and what to do
	 * @param since when it was first reported with this reason
	 */
	record Problem(String file, String location, String reason, Instant since) {
	}

	/** The problems shown now; never blocks. */
	List<Problem> problems();

	/** Called after each change, on the thread that made it; must not block. */
	void addListener(Runnable listener);

	void removeListener(Runnable listener);
}
