package io.pluginkit.api.trigger;

/**
 * Ends a trigger chain, or a task, with a reason: QTasks' {@code TaskPluginTriggerError}. Raised by
 * a trigger handler, no later handler runs and {@link Triggers#fire} throws it to the caller. Raised
 * by a task ({@code throw new PluginTriggerError("not a number: x")} or
 * {@code ctx.pluginError("not a number: x")}), the run ends by it: the runtime fires
 * {@code task_executor_run_task_trigger_error}, whose handlers may replace its result
 * ({@code new_result}); without a result the run ends {@code ERROR} with the reason (HTTP 422
 * {@code {"error":reason}}).
 * <p>
 * It may carry a replacement result itself ({@link #PluginTriggerError(String, Object)}): the
 * chain's or the run's result becomes that. An unchecked exception without a stack trace: it is a
 * plugin's answer, not a bug.
 */
public class PluginTriggerError extends RuntimeException {

	private static final long serialVersionUID = 1L;

	private final transient Object result;
	private final boolean hasResult;

	/** Ends the chain or the task with {@code reason}, in a user's words. */
	public PluginTriggerError(String reason) {
		super(reason, null, false, false);
		this.result = null;
		this.hasResult = false;
	}

	/** Ends the chain or the task with {@code reason} and a replacement result (may be {@code null}). */
	public PluginTriggerError(String reason, Object result) {
		super(reason, null, false, false);
		this.result = result;
		this.hasResult = true;
	}

	/** The reason, as given. */
	public String reason() {
		return getMessage();
	}

	/** Whether the error carries a replacement result. */
	public boolean hasResult() {
		return hasResult;
	}

	/** The replacement result, or {@code null} (see {@link #hasResult()}). */
	public Object result() {
		return result;
	}
}
