package io.pluginkit.runtime.internal.log;

import java.util.Arrays;
import java.util.IllegalFormatException;

import org.osgi.framework.Bundle;
import org.osgi.framework.ServiceReference;
import org.osgi.service.log.FormatterLogger;
import org.osgi.service.log.LoggerConsumer;
import org.slf4j.helpers.MessageFormatter;

/**
 * An OSGi {@link org.osgi.service.log.Logger} (or, with {@code printf}, a {@link FormatterLogger})
 * that writes to the slf4j logger of the same name (the bundle's symbolic name for the root logger):
 * errors and warnings as one line {@code [bundle] message: exception}, with the stack trace at debug
 * level. As the OSGi Log specification's default level is WARN, info, debug and trace are written
 * only when slf4j's debug level is on for that name (SCR's chatter stays out of the terminal). Arguments follow the OSGi rules: {@code {}} placeholders (or
 * {@code %s} for a formatter logger), and a last {@code Throwable} and/or {@code ServiceReference}
 * taken out of the arguments.
 */
final class OsgiLogger implements FormatterLogger {

	static final int ERROR = 1;
	static final int WARN = 2;
	static final int INFO = 3;
	static final int DEBUG = 4;
	static final int TRACE = 5;

	private final Bundle bundle;
	private final String name;
	private final boolean printf;
	private final PlatformLog log;
	/** Looked up on first use: slf4j's provider starts after the log service is registered. */
	private volatile org.slf4j.Logger target;

	OsgiLogger(Bundle bundle, String name, boolean printf, PlatformLog log) {
		this.bundle = bundle;
		this.name = name;
		this.printf = printf;
		this.log = log;
	}

	private org.slf4j.Logger target() {
		org.slf4j.Logger t = target;
		if (t == null) {
			t = org.slf4j.LoggerFactory.getLogger(name);
			target = t;
		}
		return t;
	}

	private boolean enabled(int level) {
		org.slf4j.Logger t = target();
		return switch (level) {
			case ERROR -> t.isErrorEnabled();
			case WARN -> t.isWarnEnabled();
			case INFO, DEBUG -> t.isDebugEnabled();
			default -> t.isTraceEnabled();
		};
	}

	/** Writes one message; every warning and error is also told to the problem listeners. */
	void log(int level, String message, Throwable error) {
		if (level <= WARN) {
			log.problem(bundle);
		}
		if (level >= INFO && !enabled(level)) {
			return;
		}
		org.slf4j.Logger t = target();
		String text = (bundle == null || bundle.getBundleId() == 0 ? "" : "[" + bundle.getSymbolicName() + "] ")
			+ message;
		if (level >= DEBUG) {
			t.debug(text, error);
			return;
		}
		String line = error == null ? text : text + ": " + error;
		switch (level) {
			case ERROR -> t.error(line);
			case WARN -> t.warn(line);
			default -> t.info(line);
		}
		if (error != null && t.isDebugEnabled()) {
			t.debug("stack trace of: " + text, error);
		}
	}

	private void format(int level, String pattern, Object... args) {
		if (level >= INFO && !enabled(level)) {
			return;
		}
		Message m = message(printf, pattern, args);
		log(level, m.text(), m.error());
	}

	/** A message with its arguments in place, and the exception given as the last argument. */
	record Message(String text, Throwable error) {
	}

	/**
	 * Puts the arguments in place as OSGi loggers do: {@code {}} placeholders ({@code %} conversions
	 * when {@code printf}); a last {@code Throwable} is the message's exception, and a last
	 * {@code ServiceReference} (before or after it) is left out.
	 */
	static Message message(boolean printf, String pattern, Object... args) {
		Throwable error = null;
		int n = args == null ? 0 : args.length;
		for (int i = 0; i < 2 && n > 0; i++) {
			Object last = args[n - 1];
			if (last instanceof Throwable t && error == null) {
				error = t;
				n--;
			} else if (last instanceof ServiceReference<?>) {
				n--;
			} else {
				break;
			}
		}
		Object[] used = n == 0 ? new Object[0] : n == args.length ? args : Arrays.copyOf(args, n);
		return new Message(printf ? printf(pattern, used) : MessageFormatter.basicArrayFormat(pattern, used), error);
	}

	private static String printf(String pattern, Object[] args) {
		try {
			return String.format(pattern, args);
		} catch (IllegalFormatException e) {
			return pattern + " " + Arrays.toString(args);
		}
	}

	private <E extends Exception> void consume(int level, LoggerConsumer<E> consumer) throws E {
		if (enabled(level)) {
			consumer.accept(this);
		}
	}

	@Override
	public String getName() {
		return name;
	}

	@Override
	public boolean isTraceEnabled() {
		return enabled(TRACE);
	}

	@Override
	public void trace(String message) {
		format(TRACE, message);
	}

	@Override
	public void trace(String format, Object arg) {
		format(TRACE, format, arg);
	}

	@Override
	public void trace(String format, Object arg1, Object arg2) {
		format(TRACE, format, arg1, arg2);
	}

	@Override
	public void trace(String format, Object... arguments) {
		format(TRACE, format, arguments);
	}

	@Override
	public <E extends Exception> void trace(LoggerConsumer<E> consumer) throws E {
		consume(TRACE, consumer);
	}

	@Override
	public boolean isDebugEnabled() {
		return enabled(DEBUG);
	}

	@Override
	public void debug(String message) {
		format(DEBUG, message);
	}

	@Override
	public void debug(String format, Object arg) {
		format(DEBUG, format, arg);
	}

	@Override
	public void debug(String format, Object arg1, Object arg2) {
		format(DEBUG, format, arg1, arg2);
	}

	@Override
	public void debug(String format, Object... arguments) {
		format(DEBUG, format, arguments);
	}

	@Override
	public <E extends Exception> void debug(LoggerConsumer<E> consumer) throws E {
		consume(DEBUG, consumer);
	}

	@Override
	public boolean isInfoEnabled() {
		return enabled(INFO);
	}

	@Override
	public void info(String message) {
		format(INFO, message);
	}

	@Override
	public void info(String format, Object arg) {
		format(INFO, format, arg);
	}

	@Override
	public void info(String format, Object arg1, Object arg2) {
		format(INFO, format, arg1, arg2);
	}

	@Override
	public void info(String format, Object... arguments) {
		format(INFO, format, arguments);
	}

	@Override
	public <E extends Exception> void info(LoggerConsumer<E> consumer) throws E {
		consume(INFO, consumer);
	}

	@Override
	public boolean isWarnEnabled() {
		return enabled(WARN);
	}

	@Override
	public void warn(String message) {
		format(WARN, message);
	}

	@Override
	public void warn(String format, Object arg) {
		format(WARN, format, arg);
	}

	@Override
	public void warn(String format, Object arg1, Object arg2) {
		format(WARN, format, arg1, arg2);
	}

	@Override
	public void warn(String format, Object... arguments) {
		format(WARN, format, arguments);
	}

	@Override
	public <E extends Exception> void warn(LoggerConsumer<E> consumer) throws E {
		consume(WARN, consumer);
	}

	@Override
	public boolean isErrorEnabled() {
		return enabled(ERROR);
	}

	@Override
	public void error(String message) {
		format(ERROR, message);
	}

	@Override
	public void error(String format, Object arg) {
		format(ERROR, format, arg);
	}

	@Override
	public void error(String format, Object arg1, Object arg2) {
		format(ERROR, format, arg1, arg2);
	}

	@Override
	public void error(String format, Object... arguments) {
		format(ERROR, format, arguments);
	}

	@Override
	public <E extends Exception> void error(LoggerConsumer<E> consumer) throws E {
		consume(ERROR, consumer);
	}

	/** An audit message is always written, at info level. */
	@Override
	public void audit(String message) {
		format(INFO, message);
	}

	@Override
	public void audit(String format, Object arg) {
		format(INFO, format, arg);
	}

	@Override
	public void audit(String format, Object arg1, Object arg2) {
		format(INFO, format, arg1, arg2);
	}

	@Override
	public void audit(String format, Object... arguments) {
		format(INFO, format, arguments);
	}
}
