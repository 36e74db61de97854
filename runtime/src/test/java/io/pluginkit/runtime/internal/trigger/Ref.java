package io.pluginkit.runtime.internal.trigger;

import java.lang.reflect.Proxy;
import java.util.Dictionary;
import java.util.HashMap;
import java.util.Hashtable;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import org.osgi.framework.Bundle;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;

/** A service reference of a plugin bundle (its id and {@code Plugin-Name}), with properties a test sets. */
public final class Ref implements ServiceReference<Object> {

	private static final AtomicLong IDS = new AtomicLong(1000);

	final Map<String, Object> properties = new HashMap<>();
	private final Bundle bundle;

	public Ref(long bundleId, int ranking, Object... keyValues) {
		properties.put(Constants.SERVICE_ID, IDS.incrementAndGet());
		properties.put(Constants.SERVICE_RANKING, ranking);
		for (int i = 0; i < keyValues.length; i += 2) {
			properties.put((String) keyValues[i], keyValues[i + 1]);
		}
		bundle = (Bundle) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] { Bundle.class },
			(proxy, method, args) -> switch (method.getName()) {
			case "getBundleId" -> bundleId;
			case "getSymbolicName" -> "test.bundle" + bundleId;
			case "getHeaders" -> new Hashtable<>(Map.of("Plugin-Name", "plugin" + bundleId));
			default -> throw new UnsupportedOperationException(method.getName());
			});
	}

	/** This reference as one of a service type. */
	@SuppressWarnings("unchecked")
	public <T> ServiceReference<T> cast() {
		return (ServiceReference<T>) (ServiceReference<?>) this;
	}

	@Override
	public Object getProperty(String key) {
		return properties.get(key);
	}

	@Override
	public String[] getPropertyKeys() {
		return properties.keySet().toArray(String[]::new);
	}

	@Override
	public Bundle getBundle() {
		return bundle;
	}

	@Override
	public Bundle[] getUsingBundles() {
		return null;
	}

	@Override
	public boolean isAssignableTo(Bundle other, String className) {
		return true;
	}

	@Override
	public int compareTo(Object other) {
		throw new UnsupportedOperationException("compareTo");
	}

	@Override
	public Dictionary<String, Object> getProperties() {
		return new Hashtable<>(properties);
	}

	@Override
	public <A> A adapt(Class<A> type) {
		return null;
	}
}
