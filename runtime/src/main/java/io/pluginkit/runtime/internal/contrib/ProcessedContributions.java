package io.pluginkit.runtime.internal.contrib;

import org.osgi.framework.ServiceReference;

/**
 * The contributions of one extension point as they go live: the services held in
 * {@link Contributions} (what the plugins registered), passed through the {@link Preprocessors}
 * ({@code p3}) whenever either side changes. Readers take {@link #snapshot()}: one volatile read, no
 * lock, a new array after each change (compare by identity to know whether something derived from
 * it is still current).
 */
public final class ProcessedContributions<T> {

	private final Contributions<T> raw = new Contributions<>();
	private final String point;
	private final Class<T> type;
	private final Preprocessors preprocessors;
	private final Runnable reprocess = this::reprocess;
	private volatile Contribution<T>[] live = raw.snapshot();

	/**
	 * @param point the point's name as processors target it, e.g. {@code template.extension}
	 * @param preprocessors the processors, or {@code null} for none
	 */
	public ProcessedContributions(String point, Class<T> type, Preprocessors preprocessors) {
		this.point = point;
		this.type = type;
		this.preprocessors = preprocessors;
		if (preprocessors != null) {
			preprocessors.onChange(reprocess);
		}
	}

	/** Stops following the processors (the owning component's deactivate). */
	public void close() {
		if (preprocessors != null) {
			preprocessors.removeListener(reprocess);
			preprocessors.forget(point);
		}
	}

	/** A DS bind method. */
	public synchronized void add(T service, ServiceReference<?> ref) {
		raw.add(service, ref);
		reprocess();
	}

	/** A DS updated method. */
	public synchronized void updated(ServiceReference<?> ref) {
		raw.updated(ref);
		reprocess();
	}

	/** A DS unbind method. */
	public synchronized void remove(ServiceReference<?> ref) {
		if (raw.remove(ref) != null) {
			reprocess();
		}
	}

	/** For tests: adds a contribution as it is. */
	public synchronized void add(Contribution<T> contribution) {
		raw.addContribution(contribution);
		reprocess();
	}

	private synchronized void reprocess() {
		Contribution<T>[] now = raw.snapshot();
		live = preprocessors == null ? now : preprocessors.process(point, type, now);
	}

	/** What is live now, in order. */
	public Contribution<T>[] snapshot() {
		return live;
	}

	/** Everything the plugins registered, vetoed or not, in order. */
	public Contribution<T>[] registered() {
		return raw.snapshot();
	}
}
