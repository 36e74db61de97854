package io.pluginkit.runtime.internal.log;

import org.osgi.framework.Bundle;
import org.osgi.framework.ServiceReference;
import org.osgi.service.log.FormatterLogger;
import org.osgi.service.log.LogService;
import org.osgi.service.log.Logger;

/** One bundle's view of the {@link PlatformLog}: its loggers, and the old {@code log(int, ...)} calls. */
final class BundleLog implements LogService {

	private final Bundle bundle;
	private final PlatformLog log;
	private volatile OsgiLogger legacy;

	BundleLog(Bundle bundle, PlatformLog log) {
		this.bundle = bundle;
		this.log = log;
	}

	@Override
	public Logger getLogger(String name) {
		return getLogger(bundle, name, Logger.class);
	}

	@Override
	public Logger getLogger(Class<?> clazz) {
		return getLogger(bundle, clazz.getName(), Logger.class);
	}

	@Override
	public <L extends Logger> L getLogger(String name, Class<L> loggerType) {
		return getLogger(bundle, name, loggerType);
	}

	@Override
	public <L extends Logger> L getLogger(Class<?> clazz, Class<L> loggerType) {
		return getLogger(bundle, clazz.getName(), loggerType);
	}

	@Override
	public <L extends Logger> L getLogger(Bundle owner, String name, Class<L> loggerType) {
		if (loggerType != Logger.class && loggerType != FormatterLogger.class) {
			throw new IllegalArgumentException("unknown logger type " + loggerType.getName()
				+ ": this log service gives org.osgi.service.log.Logger and FormatterLogger");
		}
		Bundle b = owner == null ? bundle : owner;
		boolean root = name == null || name.isEmpty() || Logger.ROOT_LOGGER_NAME.equals(name);
		return loggerType.cast(new OsgiLogger(b, root ? nameOf(b) : name,
			loggerType == FormatterLogger.class, log));
	}

	@Override
	public void log(int level, String message) {
		log(null, level, message, null);
	}

	@Override
	public void log(int level, String message, Throwable exception) {
		log(null, level, message, exception);
	}

	@Override
	public void log(ServiceReference<?> sr, int level, String message) {
		log(sr, level, message, null);
	}

	@Override
	public void log(ServiceReference<?> sr, int level, String message, Throwable exception) {
		OsgiLogger l = legacy;
		if (l == null) {
			l = new OsgiLogger(bundle, nameOf(bundle), false, log);
			legacy = l;
		}
		l.log(switch (level) {
			case LOG_ERROR -> OsgiLogger.ERROR;
			case LOG_WARNING -> OsgiLogger.WARN;
			case LOG_INFO -> OsgiLogger.INFO;
			default -> OsgiLogger.DEBUG;
		}, message, exception);
	}

	private static String nameOf(Bundle b) {
		String bsn = b == null ? null : b.getSymbolicName();
		return bsn == null ? "osgi" : bsn;
	}
}
