package io.pluginkit.runtime.internal.contrib;

import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;

import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;

/**
 * One service a plugin contributes to an extension point, with what orders it and whom it belongs
 * to, as it was when it was registered or last updated. Immutable.
 *
 * @param service the service object
 * @param serviceId its {@code service.id}: the key; a service keeps it for its whole registration
 * @param bundleId the bundle that registered it: the plugin it belongs to
 * @param ranking its {@code service.ranking}; anything but an {@code Integer} counts as 0, as in
 *        the framework
 * @param properties its service properties, read-only
 */
public record Contribution<T>(T service, long serviceId, long bundleId, int ranking, Map<String, Object> properties) {

	/**
	 * The order of every extension point: {@code service.ranking} descending, then install order
	 * (bundle id ascending), then {@code service.id} (registration order within a bundle).
	 */
	public static final Comparator<Contribution<?>> ORDER = (a, b) -> {
		if (a.ranking != b.ranking) {
			return a.ranking > b.ranking ? -1 : 1;
		}
		if (a.bundleId != b.bundleId) {
			return a.bundleId < b.bundleId ? -1 : 1;
		}
		return Long.compare(a.serviceId, b.serviceId);
	};

	/** The contribution of {@code service} as {@code ref} describes it now. */
	public static <T> Contribution<T> of(T service, ServiceReference<?> ref) {
		Map<String, Object> properties = new HashMap<>();
		for (String key : ref.getPropertyKeys()) {
			Object value = ref.getProperty(key);
			if (value != null) {
				properties.put(key, value);
			}
		}
		Object ranking = properties.get(Constants.SERVICE_RANKING);
		return new Contribution<>(service, (Long) properties.get(Constants.SERVICE_ID), ref.getBundle().getBundleId(),
			ranking instanceof Integer i ? i : 0, Map.copyOf(properties));
	}

	/** The same service with the properties {@code ref} has now (after a service's properties changed). */
	public Contribution<T> updated(ServiceReference<?> ref) {
		return of(service, ref);
	}

	/** A service property, or {@code null}. */
	public Object property(String name) {
		return properties.get(name);
	}

	/** The class name of the service object: how {@code plugin:info} and the log name a contribution. */
	public String className() {
		return service.getClass().getName();
	}
}
