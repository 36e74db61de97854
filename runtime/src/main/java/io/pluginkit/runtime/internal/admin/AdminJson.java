package io.pluginkit.runtime.internal.admin;

import java.io.IOException;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

import io.pluginkit.runtime.internal.registry.PluginInfo;
import jakarta.servlet.http.HttpServletResponse;

/** The admin API's JSON: a plugin as DESIGN §7 lists it, and how a reply is sent. */
final class AdminJson {

	private AdminJson() {
	}

	/** {@code name, version, author, description, url, license, state, reason, bundleId, since} (+ location). */
	static JsonObject plugin(PluginInfo p) {
		JsonObject o = new JsonObject();
		o.addProperty("name", p.name());
		o.addProperty("version", p.version());
		o.addProperty("author", p.author());
		o.addProperty("description", p.description());
		o.addProperty("url", p.url());
		o.addProperty("license", p.license());
		o.addProperty("state", p.state().name());
		o.addProperty("reason", p.reason());
		o.addProperty("bundleId", p.bundleId());
		o.addProperty("since", p.since() == null ? null : p.since().toString());
		o.addProperty("enabledByDefault", p.enabledByDefault());
		o.addProperty("location", p.location());
		return o;
	}

	static JsonArray strings(Iterable<String> values) {
		JsonArray a = new JsonArray();
		values.forEach(a::add);
		return a;
	}

	static void send(HttpServletResponse resp, int status, JsonElement body) throws IOException {
		resp.setStatus(status);
		resp.setHeader("Cache-Control", "no-store");
		resp.setContentType("application/json");
		resp.setCharacterEncoding("UTF-8");
		resp.getWriter().write(body.toString());
	}
}
