package io.pluginkit.runtime.internal.log;

import java.lang.reflect.Field;
import java.lang.reflect.Method;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends the Felix framework's own messages ({@code ERROR: Bundle ... BundleException}) to
 * PluginKit's log, one line each with the stack trace at debug level, instead of raw lines and
 * stack traces on stdout mixed into the shell's output. A component (it starts with SCR, after
 * slf4j's provider): until then the framework's messages stay on stdout.
 */
@Component(immediate = true)
public final class FrameworkLog {

	private static final Logger FRAMEWORK = LoggerFactory.getLogger("org.apache.felix.framework");

	private final Object felixLogger;

	@Activate
	public FrameworkLog(BundleContext context) {
		this.felixLogger = frameworkLogger(context.getBundle(0));
		setFrameworkLogger(this);
	}

	@Deactivate
	void deactivate() {
		setFrameworkLogger(null);
	}

	/**
	 * Felix's framework logger calls this for its messages (see {@code Logger.setLogger}): 1 error,
	 * 2 warning, 3 info, 4 debug.
	 */
	public void log(int level, String message, Throwable error) {
		String line = error == null ? message : message + ": " + error;
		switch (level) {
			case 1 -> FRAMEWORK.error(line);
			case 2 -> FRAMEWORK.warn(line);
			case 3 -> FRAMEWORK.info(line);
			default -> FRAMEWORK.debug(line);
		}
		if (error != null && FRAMEWORK.isDebugEnabled()) {
			FRAMEWORK.debug("stack trace of: " + message, error);
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
			LoggerFactory.getLogger(FrameworkLog.class).debug("the framework's messages stay on stdout: {}", e.toString());
		}
	}
}
