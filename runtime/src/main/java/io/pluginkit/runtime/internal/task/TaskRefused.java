package io.pluginkit.runtime.internal.task;

/**
 * A run that could not be accepted, with the HTTP status and the one-line error the API and the shell
 * give: no such task (404), the queue is full (429), arguments that are not a JSON object (400) or too
 * big (413), a run that is not there or not cancellable (404, 409).
 */
public final class TaskRefused extends Exception {

	private static final long serialVersionUID = 1L;

	private final int status;
	private final String error;

	public TaskRefused(int status, String error, String detail) {
		super(detail, null, false, false);
		this.status = status;
		this.error = error;
	}

	public int status() {
		return status;
	}

	/** The short error, e.g. {@code unknown task}. */
	public String error() {
		return error;
	}

	/** What went wrong and what to do, in one line. */
	public String detail() {
		return getMessage();
	}
}
