package io.pluginkit.runtime.internal.task;

import java.util.Map;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.ToNumberPolicy;
import com.google.gson.reflect.TypeToken;

/**
 * JSON in and out of the task runner: arguments are a JSON object read into plain Java values (whole
 * numbers as {@code Long}, others as {@code Double}), results and runs are written with their
 * {@code null}s.
 */
public final class TaskJson {

	private static final Gson GSON = new GsonBuilder().setObjectToNumberStrategy(ToNumberPolicy.LONG_OR_DOUBLE)
		.serializeNulls().disableHtmlEscaping().create();

	private TaskJson() {
	}

	/**
	 * The arguments in {@code text}: a JSON object; empty text is {@code {}}.
	 *
	 * @throws TaskRefused 400 when it is not JSON or not an object
	 */
	public static Map<String, Object> args(String text) throws TaskRefused {
		if (text == null || text.isBlank()) {
			return Map.of();
		}
		JsonElement json;
		try {
			json = JsonParser.parseString(text);
		} catch (JsonParseException | IllegalStateException e) {
			throw new TaskRefused(400, "malformed arguments", "the arguments are not JSON: " + message(e)
				+ "; send a JSON object, e.g. {\"numbers\":[1,2,3]}");
		}
		if (!json.isJsonObject()) {
			throw new TaskRefused(400, "malformed arguments",
				"the arguments must be a JSON object, e.g. {\"numbers\":[1,2,3]}, not " + kind(json));
		}
		Map<String, Object> args = GSON.fromJson(json, new TypeToken<Map<String, Object>>() {
		}.getType());
		return args;
	}

	/** A value as JSON. */
	public static String write(Object value) {
		return GSON.toJson(value);
	}

	/** A parsed JSON value as a Java value (for shell arguments), or the text itself when it is not JSON. */
	public static Object value(String text) {
		try {
			JsonElement json = JsonParser.parseString(text);
			if (json.isJsonPrimitive() && json.getAsJsonPrimitive().isString() && !text.trim().startsWith("\"")) {
				return text; // a bare word: lenient parsing made it a string
			}
			return GSON.fromJson(json, Object.class);
		} catch (RuntimeException e) {
			return text;
		}
	}

	/** A run as {@code GET /api/tasks/runs/{id}} shows it. */
	public static JsonObject run(TaskRun run) {
		JsonObject json = new JsonObject();
		json.addProperty("id", run.id());
		json.addProperty("task", run.task());
		json.addProperty("plugin", run.plugin());
		json.addProperty("status", run.status().name());
		Outcome o = run.outcome();
		if (o != null && o.status() == RunStatus.SUCCESS) {
			json.add("result", GSON.toJsonTree(o.result()));
		} else if (o != null) {
			json.addProperty("reason", o.reason());
		}
		json.addProperty("attempts", run.attempt());
		json.addProperty("created", run.created().toString());
		if (run.started() != null) {
			json.addProperty("started", run.started().toString());
		}
		if (run.finished() != null) {
			json.addProperty("finished", run.finished().toString());
		}
		json.addProperty("queuedMs", run.queuedMillis());
		if (run.runMillis() >= 0) {
			json.addProperty("runMs", run.runMillis());
		}
		return json;
	}

	private static String kind(JsonElement json) {
		if (json.isJsonArray()) {
			return "an array";
		}
		if (json.isJsonNull()) {
			return "null";
		}
		return "a single value";
	}

	private static String message(RuntimeException e) {
		Throwable cause = e.getCause() != null ? e.getCause() : e;
		String m = cause.getMessage() == null ? cause.toString() : cause.getMessage();
		int nl = m.indexOf('\n');
		return nl < 0 ? m : m.substring(0, nl);
	}
}
