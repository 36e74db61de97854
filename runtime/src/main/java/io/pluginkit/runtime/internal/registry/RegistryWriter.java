package io.pluginkit.runtime.internal.registry;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.pluginkit.runtime.internal.registry.PluginException.Kind;

/**
 * The one thread that changes plugin state. Commands (shell, folder, admin API) and the
 * framework's bundle events are handed to it and run one at a time, in order, so that no two
 * changes interleave and every snapshot it publishes is newer than the one before.
 */
final class RegistryWriter {

	private static final Logger LOG = LoggerFactory.getLogger(RegistryWriter.class);
	/** How long a command waits for its turn and its work before it gives up (the work goes on). */
	static final long COMMAND_TIMEOUT_SECONDS = 120;

	/** A command's work; may throw the user-facing exception. */
	@FunctionalInterface
	interface Work<T> {
		T run() throws PluginException;
	}

	private final java.util.concurrent.ThreadPoolExecutor executor;
	private volatile Thread thread;

	RegistryWriter() {
		this.executor = new java.util.concurrent.ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS,
			new java.util.concurrent.LinkedBlockingQueue<>(), r -> {
				Thread t = new Thread(r, "pluginkit-registry");
				t.setDaemon(true);
				thread = t;
				return t;
			});
	}

	/** Whether other work waits behind the current one. */
	boolean busy() {
		return !executor.getQueue().isEmpty();
	}

	boolean isWriterThread() {
		return Thread.currentThread() == thread;
	}

	/**
	 * Runs a command on the writer and waits for its result; runs it at once when called on the
	 * writer itself (a component started by the writer that calls back).
	 */
	<T> T call(Work<T> work) throws PluginException {
		if (isWriterThread()) {
			return work.run();
		}
		Callable<T> task = work::run;
		Future<T> future;
		try {
			future = executor.submit(task);
		} catch (RejectedExecutionException e) {
			throw new PluginException(Kind.FAILED, "PluginKit is stopping; nothing was changed");
		}
		try {
			return future.get(COMMAND_TIMEOUT_SECONDS, TimeUnit.SECONDS);
		} catch (ExecutionException e) {
			if (e.getCause() instanceof PluginException pe) {
				throw pe;
			}
			if (e.getCause() instanceof RuntimeException re) {
				throw re;
			}
			throw new IllegalStateException(e.getCause());
		} catch (TimeoutException e) {
			throw new PluginException(Kind.FAILED, "no answer within " + COMMAND_TIMEOUT_SECONDS
				+ " s: a plugin is slow to start or stop (see the log); the change goes on in the background");
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new PluginException(Kind.FAILED, "interrupted while waiting for the registry");
		}
	}

	/** Queues work that nobody waits for (bundle events, reports); failures are logged. */
	void execute(Runnable work) {
		try {
			executor.execute(() -> {
				try {
					work.run();
				} catch (RuntimeException e) {
					LOG.error("registry: {}", e.toString(), e);
				}
			});
		} catch (RejectedExecutionException e) {
			// stopping: nothing to keep up to date any more
		}
	}

	void shutdown() {
		executor.shutdownNow();
		try {
			executor.awaitTermination(10, TimeUnit.SECONDS);
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
		}
	}
}
