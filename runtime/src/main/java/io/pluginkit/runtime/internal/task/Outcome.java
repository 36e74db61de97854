package io.pluginkit.runtime.internal.task;

/**
 * How a run ended.
 *
 * @param status {@code SUCCESS}, {@code ERROR} or {@code CANCELLED}
 * @param kind why, for the HTTP status: {@link Kind}
 * @param result the result of a success
 * @param reason the reason of an error or a cancellation, in one line
 */
public record Outcome(RunStatus status, Kind kind, Object result, String reason) {

	/** What ended a run, and the HTTP status it answers. */
	public enum Kind {
		/** 200. */
		SUCCESS(200),
		/** A {@code PluginTriggerError} nobody gave a result: 422 {@code {"error":reason}}. */
		TRIGGER_ERROR(422),
		/** The task threw (after its retries): 500. */
		FAILED(500),
		/** It ran past its timeout: 504. */
		TIMEOUT(504),
		/** Cancelled by an admin or by its plugin being disabled: 409. */
		CANCELLED(409);

		public final int httpStatus;

		Kind(int httpStatus) {
			this.httpStatus = httpStatus;
		}
	}

	static Outcome success(Object result) {
		return new Outcome(RunStatus.SUCCESS, Kind.SUCCESS, result, null);
	}

	static Outcome triggerError(String reason) {
		return new Outcome(RunStatus.ERROR, Kind.TRIGGER_ERROR, null, reason);
	}

	static Outcome failed(String reason) {
		return new Outcome(RunStatus.ERROR, Kind.FAILED, null, reason);
	}

	static Outcome timeout(String reason) {
		return new Outcome(RunStatus.ERROR, Kind.TIMEOUT, null, reason);
	}

	static Outcome cancelled(String reason) {
		return new Outcome(RunStatus.CANCELLED, Kind.CANCELLED, null, reason);
	}
}
