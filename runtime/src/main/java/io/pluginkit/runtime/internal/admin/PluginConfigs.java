package io.pluginkit.runtime.internal.admin;

import java.io.IOException;
import java.util.Dictionary;
import java.util.Enumeration;
import java.util.Hashtable;
import java.util.Map;
import java.util.regex.Pattern;

import org.osgi.framework.InvalidSyntaxException;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;

/**
 * A plugin's configuration, ConfigAdmin PID {@code pluginkit.<plugin-name>} (DESIGN §5), as the admin
 * API reads and writes it: {@code {"pid":"pluginkit.monitoring","properties":{"url":"...","bucket":"..."}}}.
 * Written with the location {@code ?} so the plugin's components (any bundle) receive it; values are
 * strings, numbers, booleans or arrays of strings; keys of the framework ({@code service.*},
 * {@code component.*}, {@code felix.*}, {@code osgi.*}) are neither shown nor accepted.
 */
@Component(service = PluginConfigs.class)
public final class PluginConfigs {

	private static final Pattern KEY = Pattern.compile("[A-Za-z_][A-Za-z0-9_.-]{0,127}");
	private static final int MAX_PROPERTIES = 200;

	private final ConfigurationAdmin configAdmin;

	@Activate
	public PluginConfigs(@Reference ConfigurationAdmin configAdmin) {
		this.configAdmin = configAdmin;
	}

	static String pid(String plugin) {
		return "pluginkit." + plugin;
	}

	/** The plugin's configuration now ({@code properties} empty when it has none). */
	JsonObject read(String plugin) {
		JsonObject o = new JsonObject();
		o.addProperty("pid", pid(plugin));
		JsonObject props = new JsonObject();
		Dictionary<String, Object> current = current(plugin);
		if (current != null) {
			for (Enumeration<String> keys = current.keys(); keys.hasMoreElements();) {
				String key = keys.nextElement();
				if (!reserved(key)) {
					props.add(key, json(current.get(key)));
				}
			}
		}
		o.add("properties", props);
		return o;
	}

	/** Replaces the plugin's configuration with these properties; answers what was saved. */
	JsonObject write(String plugin, JsonElement body) throws AdminApi.Refused {
		JsonObject given = body.getAsJsonObject();
		JsonObject props = given.has("properties") && given.get("properties").isJsonObject()
			? given.getAsJsonObject("properties") : given;
		if (props.size() > MAX_PROPERTIES) {
			throw new AdminApi.Refused(400, "bad request", "at most " + MAX_PROPERTIES + " properties");
		}
		Hashtable<String, Object> values = new Hashtable<>();
		for (Map.Entry<String, JsonElement> e : props.entrySet()) {
			String key = e.getKey();
			if (!KEY.matcher(key).matches() || reserved(key)) {
				throw new AdminApi.Refused(400, "bad request", "'" + key + "' cannot be set: use a name such as 'url' or 'bucket'"
					+ " (not service.*, component.*, felix.*, osgi.*)");
			}
			values.put(key, value(key, e.getValue()));
		}
		try {
			Configuration c = configAdmin.getConfiguration(pid(plugin), "?");
			c.update(values);
		} catch (IOException e) {
			throw new AdminApi.Refused(500, "failed", "cannot save the configuration " + pid(plugin) + ": " + e.getMessage());
		}
		return read(plugin);
	}

	private Dictionary<String, Object> current(String plugin) {
		try {
			Configuration[] found = configAdmin.listConfigurations("(service.pid=" + pid(plugin) + ")");
			return found == null || found.length == 0 ? null : found[0].getProperties();
		} catch (IOException | InvalidSyntaxException e) {
			return null;
		}
	}

	private static boolean reserved(String key) {
		return key.startsWith("service.") || key.startsWith("component.") || key.startsWith("felix.")
			|| key.startsWith("osgi.");
	}

	private static Object value(String key, JsonElement v) throws AdminApi.Refused {
		if (v.isJsonPrimitive()) {
			JsonPrimitive p = v.getAsJsonPrimitive();
			if (p.isBoolean()) {
				return p.getAsBoolean();
			}
			if (p.isNumber()) {
				double d = p.getAsDouble();
				return d == Math.rint(d) && Math.abs(d) < 1e15 ? (Object) p.getAsLong() : (Object) d;
			}
			return p.getAsString();
		}
		if (v.isJsonArray()) {
			JsonArray a = v.getAsJsonArray();
			String[] strings = new String[a.size()];
			for (int i = 0; i < strings.length; i++) {
				if (!a.get(i).isJsonPrimitive()) {
					throw new AdminApi.Refused(400, "bad request", "'" + key + "': an array may hold strings only");
				}
				strings[i] = a.get(i).getAsString();
			}
			return strings;
		}
		throw new AdminApi.Refused(400, "bad request", "'" + key + "' must be a string, a number, a boolean or an array of strings");
	}

	private static JsonElement json(Object value) {
		if (value instanceof Boolean b) {
			return new JsonPrimitive(b);
		}
		if (value instanceof Number n) {
			return new JsonPrimitive(n);
		}
		if (value instanceof String[] a) {
			JsonArray arr = new JsonArray();
			for (String s : a) {
				arr.add(s);
			}
			return arr;
		}
		return new JsonPrimitive(String.valueOf(value));
	}
}
