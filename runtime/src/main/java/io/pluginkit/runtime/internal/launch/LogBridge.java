package io.pluginkit.runtime.internal.launch;

import java.lang.reflect.Field;
import java.lang.reflect.Method;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.log.LogEntry;
import org.osgi.service.log.LogLevel;
import org.osgi.service.log.LogListener;
import org.osgi.service.log.LogReaderService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends what the platform logs to PluginKit's log, one line per message, instead of raw lines
 * and stack traces on stdout mixed into the shell's output: the OSGi log service's entries (SCR
 * logs there: a component whose activate threw) and the Felix framework's own messages
 * ({@code ERROR: Bundle ... BundleException}). Stack traces go to the debug level.
 */
@Component(immediate = true)
public final class LogBridge implements LogListener {

	private static final Logger FRAMEWORK = LoggerFactory.getLogger("org.apache.felix.framework");

	private final LogReaderService reader;
	private final Object felixLogger;

	@Activate
	public LogBridge(BundleContext context, @Reference LogReaderService reader) {
		this.reader = reader;
		reader.addLogListener(this);
		this.felixLogger = frameworkLogger(context.getBundle(0));
		setFrameworkLogger(this);
	}

	@Deactivate
	void deactivate() {
		reader.removeLogListener(this);
		setFrameworkLogger(null);
	}

	@Override
	public void logged(LogEntry entry) {
		String name = entry.getLoggerName();
		LogLevel level = entry.getLogLevel();
		boolean event = name != null && name.startsWith("Events.");
		Logger log = LoggerFactory.getLogger(name == null || name.isEmpty() ? entry.getBundle().getSymbolicName() : name);
		Bundle bundle = entry.getBundle();
		String message = (bundle == null || bundle.getBundleId() == 0 ? "" : "[" + bundle.getSymbolicName() + "] ")
			+ entry.getMessage();
		if (event || !level.implies(LogLevel.INFO)) {
			if (log.isDebugEnabled()) {
				log.debug(message, entry.getException());
			}
			return;
		}
		emit(log, level.implies(LogLevel.ERROR) ? 1 : level.implies(LogLevel.WARN) ? 2 : 3, message,
			entry.getException());
	}

	/**
	 * Felix's framework logger calls this for its messages (see {@code Logger.setLogger}): 1 error,
	 * 2 warning, 3 info, 4 debug.
	 */
	public void log(int level, String message, Throwable error) {
		emit(FRAMEWORK, level, message, error);
	}

	private static void emit(Logger log, int level, String message, Throwable error) {
		String line = error == null ? message : message + ": " + error;
		switch (level) {
			case 1 -> log.error(line);
			case 2 -> log.warn(line);
			case 3 -> log.info(line);
			default -> log.debug(line);
		}
		if (error != null && log.isDebugEnabled()) {
			log.debug("stack trace of: " + message, error);
		}
	}

	/** Felix's logger object (the system bundle's {@code m_logger}), or null on another framework. */
	private static Object frameworkLogger(Bundle system) {
		for (Class<?> c = system.getClass(); c != null; c = c.getSuperclass()) {
			try {
				Field f = c.getDeclaredField("m_logger");
				f.setAccessible(true);
				return f.get(system);
			} catch (NoSuchFieldException e) {
				// look further up
			} catch (ReflectiveOperationException | RuntimeException e) {
				return null;
			}
		}
		return null;
	}

	private void setFrameworkLogger(Object target) {
		if (felixLogger == null) {
			return;
		}
		try {
			Method set = felixLogger.getClass().getMethod("setLogger", Object.class);
			set.invoke(felixLogger, target);
		} catch (ReflectiveOperationException | RuntimeException e) {
			LoggerFactory.getLogger(LogBridge.class).debug("the framework's messages stay on stdout: {}", e.toString());
		}
	}
}
