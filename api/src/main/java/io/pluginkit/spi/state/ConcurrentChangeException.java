package io.pluginkit.spi.state;

import java.io.IOException;

/**
 * A write to a store shared by several nodes was not made because another node changed the same plugin
 * or bundle first: the first to commit wins, and this one is told. Nothing was changed by the refused
 * write, and the store already answers reads with the winner's state, so the caller can say what
 * happened ({@link #getMessage()}: one line naming the node whose change came first and what the plugin
 * or bundle is now) and the user can try again. PluginKit answers it as a conflict (HTTP 409), unlike a
 * store that cannot be written at all.
 *
 * @since 1.2
 */
public class ConcurrentChangeException extends IOException {

	private static final long serialVersionUID = 1L;

	private final String winner;

	/**
	 * @param message one line: what was not saved, which node changed it first, what it is now
	 * @param winner the node whose change came first, or {@code null} when the store does not know it
	 */
	public ConcurrentChangeException(String message, String winner) {
		super(message);
		this.winner = winner;
	}

	/** The node whose change came first, as the store names it, or {@code null} when not known. */
	public String winner() {
		return winner;
	}
}
