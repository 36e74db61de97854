package io.pluginkit.runtime.internal.contrib;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;

/**
 * The live contributions of one extension point, in {@link Contribution#ORDER}, held copy-on-write:
 * writers (the DS bind, updated and unbind methods) build a new sorted array under this object's
 * lock; readers (a request, a trigger fire) take {@link #snapshot()} with one volatile read and no
 * lock, and keep it for the whole operation, so a contribution that goes away meanwhile finishes
 * that operation and is absent from the next one.
 */
public final class Contributions<T> {

	@SuppressWarnings("rawtypes")
	private static final Contribution[] NONE = new Contribution[0];

	@SuppressWarnings("unchecked")
	private volatile Contribution<T>[] snapshot = NONE;

	/**
	 * Adds a service (a DS bind method). A service already held under the same {@code service.id}
	 * is replaced.
	 *
	 * @return the contribution added
	 */
	public synchronized Contribution<T> add(T service, ServiceReference<?> ref) {
		return addContribution(Contribution.of(service, ref));
	}

	/** Adds a contribution as it is (tests, or a point that builds its own); replaces one with the same {@code service.id}. */
	public synchronized Contribution<T> addContribution(Contribution<T> added) {
		Contribution<T>[] current = snapshot;
		int at = indexOf(current, added.serviceId());
		Contribution<T>[] next;
		if (at >= 0) {
			next = current.clone();
			next[at] = added;
		} else {
			next = Arrays.copyOf(current, current.length + 1);
			next[current.length] = added;
		}
		publish(next);
		return added;
	}

	/**
	 * Takes the service's changed properties (a DS updated method): a new ranking moves it.
	 *
	 * @return the contribution as it is now, or {@code null} when it is not held
	 */
	public synchronized Contribution<T> updated(ServiceReference<?> ref) {
		Contribution<T>[] current = snapshot;
		int at = indexOf(current, serviceId(ref));
		if (at < 0) {
			return null;
		}
		Contribution<T> now = current[at].updated(ref);
		Contribution<T>[] next = current.clone();
		next[at] = now;
		publish(next);
		return now;
	}

	/**
	 * Removes the service (a DS unbind method).
	 *
	 * @return the contribution removed, or {@code null} when it was not held
	 */
	public Contribution<T> remove(ServiceReference<?> ref) {
		return remove(serviceId(ref));
	}

	/** Removes the service with that {@code service.id}; returns it, or {@code null}. */
	@SuppressWarnings("unchecked")
	public synchronized Contribution<T> remove(long serviceId) {
		Contribution<T>[] current = snapshot;
		int at = indexOf(current, serviceId);
		if (at < 0) {
			return null;
		}
		Contribution<T>[] next = current.length == 1 ? NONE : new Contribution[current.length - 1];
		System.arraycopy(current, 0, next, 0, at);
		System.arraycopy(current, at + 1, next, at, current.length - at - 1);
		snapshot = next;
		return current[at];
	}

	/**
	 * The current contributions in order: an immutable snapshot by contract (never write to the
	 * array), the same array until the next change, so a reader may compare it by identity to know
	 * whether something it derived from it is still current.
	 */
	public Contribution<T>[] snapshot() {
		return snapshot;
	}

	/** The contributions of one bundle, in order. */
	public List<Contribution<T>> ofBundle(long bundleId) {
		List<Contribution<T>> result = new ArrayList<>();
		for (Contribution<T> c : snapshot) {
			if (c.bundleId() == bundleId) {
				result.add(c);
			}
		}
		return result;
	}

	/** How many contributions there are now. */
	public int size() {
		return snapshot.length;
	}

	@SuppressWarnings({ "unchecked", "rawtypes" })
	private void publish(Contribution<T>[] next) {
		Arrays.sort(next, (java.util.Comparator) Contribution.ORDER);
		snapshot = next;
	}

	private static int indexOf(Contribution<?>[] all, long serviceId) {
		for (int i = 0; i < all.length; i++) {
			if (all[i].serviceId() == serviceId) {
				return i;
			}
		}
		return -1;
	}

	private static long serviceId(ServiceReference<?> ref) {
		return (Long) ref.getProperty(Constants.SERVICE_ID);
	}
}
