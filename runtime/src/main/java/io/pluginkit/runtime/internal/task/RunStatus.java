package io.pluginkit.runtime.internal.task;

/** Where a run is: queued ({@code NEW}), on a worker, or ended one of three ways. */
public enum RunStatus {
	NEW, RUNNING, SUCCESS, ERROR, CANCELLED;

	public boolean done() {
		return this == SUCCESS || this == ERROR || this == CANCELLED;
	}
}
