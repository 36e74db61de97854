package io.pluginkit.runtime.internal.contrib;

import java.lang.reflect.Proxy;
import java.util.Dictionary;
import java.util.HashMap;
import java.util.Hashtable;
import java.util.Map;

import org.osgi.framework.Bundle;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;

/**
 * A service reference whose properties a test can change, as {@code setProperties} would, of a bundle
 * that answers its id, a symbolic name and a {@code Plugin-Name} header ({@code plugin<id>}). The one fake
 * reference of the runtime's unit tests.
 */
public class FakeReference implements ServiceReference<Object> {

	protected final Map<String, Object> properties = new HashMap<>();
	private final Bundle bundle;

	public FakeReference(long bundleId, long serviceId, int ranking) {
		properties.put(Constants.SERVICE_ID, serviceId);
		properties.put(Constants.SERVICE_RANKING, ranking);
		bundle = (Bundle) Proxy.newProxyInstance(FakeReference.class.getClassLoader(), new Class<?>[] { Bundle.class },
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

	/** Takes a property away, as a registration without it would be. */
	public FakeReference without(String key) {
		properties.remove(key);
		return this;
	}

	public FakeReference with(String key, Object value) {
		properties.put(key, value);
		return this;
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
