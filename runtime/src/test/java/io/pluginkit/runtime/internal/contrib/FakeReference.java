package io.pluginkit.runtime.internal.contrib;

import java.lang.reflect.Proxy;
import java.util.Dictionary;
import java.util.HashMap;
import java.util.Hashtable;
import java.util.Map;

import org.osgi.framework.Bundle;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;

/** A service reference whose properties a test can change, as {@code setProperties} would. */
final class FakeReference implements ServiceReference<Object> {

	final Map<String, Object> properties = new HashMap<>();
	private final Bundle bundle;

	FakeReference(long bundleId, long serviceId, int ranking) {
		properties.put(Constants.SERVICE_ID, serviceId);
		properties.put(Constants.SERVICE_RANKING, ranking);
		bundle = (Bundle) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] { Bundle.class },
			(proxy, method, args) -> {
				if (method.getName().equals("getBundleId")) {
					return bundleId;
				}
				throw new UnsupportedOperationException(method.getName());
			});
	}

	FakeReference with(String key, Object value) {
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
