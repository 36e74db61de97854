package io.pluginkit.runtime.internal.security;

import java.io.IOException;

import com.google.gson.JsonObject;

import jakarta.servlet.http.HttpServletResponse;

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

	/** Answers with the error: the status, {@code no-store}, the JSON body. */
	public static void send(HttpServletResponse response, int status, String error, String detail) throws IOException {
		response.setStatus(status);
		response.setHeader("Cache-Control", "no-store");
		response.setContentType("application/json");
		response.setCharacterEncoding("UTF-8");
		response.getWriter().write(json(error, detail));
	}
}
