package io.pluginkit.runtime.internal.registry;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongConsumer;

import io.pluginkit.runtime.internal.log.PlatformLog;

/**
 * Hears what a plugin's components log at warning or error level through the OSGi log (SCR logs an
 * activate that threw, a service that could not be got there), so that the registry looks at that
 * plugin then, instead of asking SCR about every plugin after every start. It hears it on the
 * logging thread, while the bundle starts: {@link #takeHeard()} tells the registry, before its
 * startup line, which plugins complained.
 */
final class ComponentLogWatch {

	private final PlatformLog log;
	private final LongConsumer trouble;
	private final LongConsumer listener = this::heard;
	private final Set<Long> heard = ConcurrentHashMap.newKeySet();

	ComponentLogWatch(PlatformLog log, LongConsumer trouble) {
		this.log = log;
		this.trouble = trouble;
		log.addProblemListener(listener);
	}

	private void heard(long bundleId) {
		heard.add(bundleId);
		trouble.accept(bundleId);
	}

	/** The bundles that logged a warning or an error since the last call. */
	Set<Long> takeHeard() {
		Set<Long> taken = Set.copyOf(heard);
		heard.removeAll(taken);
		return taken;
	}

	void close() {
		log.removeProblemListener(listener);
	}
}
