package io.pluginkit.runtime.internal.security;

import com.google.gson.JsonObject;

/** The error body of every admin and {@code /api} reply (DESIGN §7): {@code {"error":"...","detail":"..."}}. */
public final class ApiErrors {

	private ApiErrors() {
	}

	/** The JSON of an error; {@code detail} may be {@code null}. */
	public static String json(String error, String detail) {
		JsonObject body = new JsonObject();
		body.addProperty("error", error);
		if (detail != null) {
			body.addProperty("detail", detail);
		}
		return body.toString();
	}
}
