package io.pluginkit.runtime.internal.registry;

import java.util.function.LongConsumer;

import org.osgi.framework.Bundle;
import org.osgi.service.log.LogEntry;
import org.osgi.service.log.LogLevel;
import org.osgi.service.log.LogListener;
import org.osgi.service.log.LogReaderService;

/**
 * Hears what SCR logs about a bundle's components (an activate that threw, a service that could
 * not be got) through the OSGi log, so that the registry looks at that plugin then, instead of
 * asking SCR about every plugin after every start.
 */
final class ComponentLogWatch implements LogListener {

	private final LogReaderService reader;
	private final LongConsumer trouble;

	ComponentLogWatch(LogReaderService reader, LongConsumer trouble) {
		this.reader = reader;
		this.trouble = trouble;
		reader.addLogListener(this);
	}

	@Override
	public void logged(LogEntry entry) {
		Bundle bundle = entry.getBundle();
		if (bundle != null && bundle.getBundleId() != 0 && entry.getLogLevel().implies(LogLevel.WARN)
			&& !entry.getLoggerName().startsWith("Events.")) {
			trouble.accept(bundle.getBundleId());
		}
	}

	void close() {
		reader.removeLogListener(this);
	}
}
