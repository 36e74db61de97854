package io.pluginkit.runtime.internal.task;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The runs a user can still ask about: every run not done yet (at most the pool plus its queue), and
 * the last {@code keep} done ones; older ones are forgotten, so memory stays bounded however many
 * runs go through.
 */
final class RunHistory {

	private final Map<String, TaskRun> active = new ConcurrentHashMap<>();
	private final LinkedHashMap<String, TaskRun> done = new LinkedHashMap<>();
	private volatile int keep;

	RunHistory(int keep) {
		this.keep = keep;
	}

	void keep(int n) {
		synchronized (done) {
			keep = n;
			trim();
		}
	}

	void started(TaskRun run) {
		active.put(run.id(), run);
	}

	/** The run ended: it moves to the done ones. */
	void ended(TaskRun run) {
		synchronized (done) {
			done.put(run.id(), run);
			active.remove(run.id());
			trim();
		}
	}

	/** A run that never entered the queue (refused): forgotten at once. */
	void refused(TaskRun run) {
		active.remove(run.id());
	}

	private void trim() {
		Iterator<TaskRun> oldest = done.values().iterator();
		while (done.size() > keep && oldest.hasNext()) {
			oldest.next();
			oldest.remove();
		}
	}

	TaskRun get(String id) {
		TaskRun run = active.get(id);
		if (run != null) {
			return run;
		}
		synchronized (done) {
			return done.get(id);
		}
	}

	/** The runs not done yet. */
	List<TaskRun> active() {
		return new ArrayList<>(active.values());
	}

	/** The most recent runs, newest first, at most {@code limit}: active ones, then done ones. */
	List<TaskRun> recent(int limit) {
		List<TaskRun> running = new ArrayList<>(active.values());
		running.sort((a, b) -> b.created().compareTo(a.created()));
		List<TaskRun> finished;
		synchronized (done) {
			finished = new ArrayList<>(done.values());
		}
		Map<String, TaskRun> result = new LinkedHashMap<>(); // a run that just ended may be in both
		running.forEach(r -> result.putIfAbsent(r.id(), r));
		for (int i = finished.size() - 1; i >= 0 && result.size() < limit; i--) {
			result.putIfAbsent(finished.get(i).id(), finished.get(i));
		}
		return new ArrayList<>(result.values()).subList(0, Math.min(limit, result.size()));
	}

	int doneCount() {
		synchronized (done) {
			return done.size();
		}
	}
}
