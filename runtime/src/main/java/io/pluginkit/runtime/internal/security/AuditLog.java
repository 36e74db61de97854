package io.pluginkit.runtime.internal.security;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.google.gson.JsonObject;

import io.pluginkit.runtime.internal.state.DataFolder;

/**
 * {@code <data>/audit.log}: one JSON line per admin action, appended and never rewritten:
 * {@code {"time":"2026-11-24T10:00:00Z","from":"127.0.0.1","who":"session","action":"disable",
 * "target":"helloworld","status":200,"result":"DISABLED"}}. Failed logins are written too. A line
 * that cannot be written is said in the log (once per kind of failure) and does not stop the action.
 */
@Component(service = AuditLog.class)
public final class AuditLog {

	/** The file in the data folder. */
	public static final String FILE = "audit.log";
	private static final Logger LOG = LoggerFactory.getLogger(AuditLog.class);

	private final Path file;
	private final Clock clock;
	private String lastProblem;

	@Activate
	public AuditLog(@Reference DataFolder data) {
		this(data.path().resolve(FILE), Clock.systemUTC());
	}

	AuditLog(Path file, Clock clock) {
		this.file = file;
		this.clock = clock;
	}

	/**
	 * Appends one action.
	 *
	 * @param from the remote address
	 * @param who how the caller proved itself: {@code token}, {@code session} or {@code -}
	 * @param action what was asked, e.g. {@code enable}, {@code upload}, {@code login}
	 * @param target the plugin or source it was about, or {@code null}
	 * @param status the HTTP status answered
	 * @param result the outcome in a user's words (the new state, the error)
	 */
	public synchronized void record(String from, String who, String action, String target, int status, String result) {
		JsonObject line = new JsonObject();
		line.addProperty("time", Instant.now(clock).toString());
		line.addProperty("from", from);
		line.addProperty("who", who);
		line.addProperty("action", action);
		if (target != null) {
			line.addProperty("target", target);
		}
		line.addProperty("status", status);
		if (result != null) {
			line.addProperty("result", result);
		}
		try {
			Files.writeString(file, line + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
				StandardOpenOption.APPEND, StandardOpenOption.WRITE);
			lastProblem = null;
		} catch (IOException e) {
			String problem = e.getClass().getSimpleName();
			if (!problem.equals(lastProblem)) {
				LOG.error("cannot append to the audit log {}: {}; admin actions go on unrecorded until it can be written",
					file, e.toString());
				lastProblem = problem;
			}
		}
	}
}
