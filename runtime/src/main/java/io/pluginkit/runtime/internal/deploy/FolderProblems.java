package io.pluginkit.runtime.internal.deploy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import org.osgi.service.component.annotations.Component;
import org.slf4j.Logger;

import io.pluginkit.runtime.internal.registry.ProblemSource;
import org.slf4j.LoggerFactory;

/**
 * What in the hot-deploy folder cannot become a plugin, and why: a jar that is corrupt, not a
 * bundle or whose {@code Plugin-Name} is taken, a directory named {@code x.jar}, a dangling link,
 * an unreadable file, or the folder itself when it cannot be read. {@code plugin:list} shows each
 * as a {@code FAILED} row naming the file, with the reason.
 * <p>
 * Each problem is logged once, when it appears or its reason changes, not at every poll. Readers
 * ({@link #problems()}) never block; a change is announced to the listeners, on the thread that
 * made it, so that a reader that keeps a snapshot (the registry) takes it again.
 */
@Component(service = { FolderProblems.class, ProblemSource.class })
public final class FolderProblems implements ProblemSource {

	private static final Logger LOG = LoggerFactory.getLogger(FolderProblems.class);

	private final Map<String, Problem> problems = new ConcurrentHashMap<>();
	private final List<Runnable> listeners = new CopyOnWriteArrayList<>();

	/** Shows a problem (logged once per reason); replaces the one shown for the same location. */
	public void report(String file, String location, String reason) {
		Problem[] old = new Problem[1];
		problems.compute(location, (k, before) -> {
			old[0] = before;
			return before != null && before.reason().equals(reason) ? before
				: new Problem(file, location, reason, Instant.now());
		});
		if (old[0] == null || !old[0].reason().equals(reason)) {
			LOG.error("hot-deploy: {}", reason);
			changed();
		}
	}

	/** Stops showing the problem of a location (the file is gone or fine now); does nothing if there is none. */
	public void clear(String location) {
		if (problems.remove(location) != null) {
			changed();
		}
	}

	/** Whether a problem is shown for the location. */
	public boolean has(String location) {
		return problems.containsKey(location);
	}

	/** The problems shown now, by file name. */
	@Override
	public List<Problem> problems() {
		List<Problem> result = new ArrayList<>(problems.values());
		result.sort(Comparator.comparing(Problem::file).thenComparing(Problem::location));
		return result;
	}

	@Override
	public void addListener(Runnable listener) {
		listeners.add(listener);
	}

	@Override
	public void removeListener(Runnable listener) {
		listeners.remove(listener);
	}

	private void changed() {
		for (Runnable l : listeners) {
			try {
				l.run();
			} catch (RuntimeException e) {
				LOG.warn("a listener of the folder's problems failed: {}", e.toString());
			}
		}
	}
}
