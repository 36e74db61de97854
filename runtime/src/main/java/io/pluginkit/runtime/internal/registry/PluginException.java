package io.pluginkit.runtime.internal.registry;

/**
 * A plugin operation that could not be done, with a message meant for the
 * user: one line saying what, for which plugin, and what to do.
 */
public class PluginException extends Exception {
	private static final long serialVersionUID = 1L;

	/** What kind of failure, for mapping to HTTP statuses later. */
	public enum Kind {
		NOT_FOUND, BAD_INPUT, CONFLICT, FAILED,
		/** Refused because the state store cannot take changes now (a cluster store whose database is away). */
		UNAVAILABLE
	}

	private final Kind kind;

	public PluginException(Kind kind, String message) {
		super(message);
		this.kind = kind;
	}

	public PluginException(Kind kind, String message, Throwable cause) {
		super(message, cause);
		this.kind = kind;
	}

	public Kind kind() {
		return kind;
	}
}
