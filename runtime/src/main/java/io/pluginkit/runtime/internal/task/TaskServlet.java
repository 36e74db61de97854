package io.pluginkit.runtime.internal.task;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardContextSelect;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;

import io.pluginkit.runtime.internal.security.ApiContext;
import io.pluginkit.runtime.internal.security.ApiErrors;
import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * {@code /api/tasks} (DESIGN §7), behind the admin bearer token of the {@code /api} context:
 * <ul>
 * <li>{@code GET /api/tasks}: {@code [{"name":...,"plugin":...,"retry":...}, ...]};
 * <li>{@code POST /api/tasks/{name}} with JSON arguments: 200 and the result; {@code ?wait=false}: 202
 * {@code {"id":...}}; 404 unknown task, 400 malformed arguments, 413 arguments too big, 429 queue
 * full, 422 {@code {"error":reason}} when the run ends by {@code PluginTriggerError}, 500 when the task
 * failed, 504 when it timed out, 409 when it was cancelled;
 * <li>{@code GET /api/tasks/runs} (recent runs) and {@code GET /api/tasks/runs/{id}} (status, result or
 * reason, timings); {@code DELETE /api/tasks/runs/{id}} cancels a run.
 * </ul>
 */
@Component(service = Servlet.class)
@HttpWhiteboardContextSelect(ApiContext.SELECT)
@HttpWhiteboardServletPattern("/tasks/*")
public final class TaskServlet extends HttpServlet {

	private static final long serialVersionUID = 1L;
	private static final String RUNS = "/runs";
	private static final int RECENT = 100;

	private final transient TaskRunner runner;

	@Activate
	public TaskServlet(@Reference TaskRunner runner) {
		this.runner = runner;
	}

	@Override
	protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
		String path = req.getPathInfo() == null ? "/" : req.getPathInfo();
		try {
			switch (req.getMethod()) {
			case "GET" -> get(path, resp);
			case "POST" -> post(path, req, resp);
			case "DELETE" -> delete(path, resp);
			default -> throw new TaskRefused(405, "method not allowed",
				req.getMethod() + " is not served here: GET /api/tasks, POST /api/tasks/{name}, GET or DELETE /api/tasks/runs/{id}");
			}
		} catch (TaskRefused e) {
			if (e.status() == 429) {
				resp.setHeader("Retry-After", "1");
			}
			send(resp, e.status(), ApiErrors.json(e.error(), e.detail()));
		}
	}

	private void get(String path, HttpServletResponse resp) throws IOException, TaskRefused {
		if (path.equals("/")) {
			JsonArray tasks = new JsonArray();
			for (TaskRunner.TaskInfo t : runner.tasks()) {
				JsonObject o = new JsonObject();
				o.addProperty("name", t.name());
				o.addProperty("plugin", t.plugin());
				o.addProperty("retry", t.retry());
				tasks.add(o);
			}
			send(resp, 200, tasks.toString());
		} else if (path.equals(RUNS) || path.equals(RUNS + "/")) {
			JsonArray runs = new JsonArray();
			runner.recent(RECENT).forEach(r -> runs.add(TaskJson.run(r)));
			send(resp, 200, runs.toString());
		} else if (path.startsWith(RUNS + "/")) {
			send(resp, 200, TaskJson.run(run(path.substring(RUNS.length() + 1))).toString());
		} else {
			throw new TaskRefused(405, "method not allowed", "run a task with POST /api/tasks/" + path.substring(1));
		}
	}

	private void delete(String path, HttpServletResponse resp) throws IOException, TaskRefused {
		if (!path.startsWith(RUNS + "/")) {
			throw new TaskRefused(405, "method not allowed", "only a run can be deleted: DELETE /api/tasks/runs/{id}");
		}
		TaskRun run = runner.cancel(path.substring(RUNS.length() + 1), "cancelled by an admin (DELETE /api/tasks/runs/{id})");
		send(resp, 200, TaskJson.run(run).toString());
	}

	private TaskRun run(String id) throws TaskRefused {
		TaskRun run = runner.run(id);
		if (run == null) {
			throw new TaskRefused(404, "unknown run", "run '" + id + "' not found (recent runs only are kept)");
		}
		return run;
	}

	private void post(String path, HttpServletRequest req, HttpServletResponse resp) throws IOException, TaskRefused {
		String name = path.substring(1);
		if (name.isEmpty() || name.contains("/")) {
			throw new TaskRefused(404, "unknown task", "POST /api/tasks/{name} runs the task of that name");
		}
		Map<String, Object> args = TaskJson.args(body(req));
		TaskRun run = runner.submit(name, args);
		resp.setHeader("X-PluginKit-Run", run.id());
		if ("false".equalsIgnoreCase(req.getParameter("wait"))) {
			resp.setHeader("Location", req.getContextPath() + req.getServletPath() + RUNS + "/" + run.id());
			JsonObject id = new JsonObject();
			id.addProperty("id", run.id());
			send(resp, 202, id.toString());
			return;
		}
		try {
			run.done().get(runner.waitMillis(), TimeUnit.MILLISECONDS);
		} catch (TimeoutException e) {
			throw new TaskRefused(504, "still running", "run " + run.id() + " has not ended yet: GET /api/tasks/runs/" + run.id());
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new TaskRefused(503, "interrupted", "PluginKit is stopping; run " + run.id() + " goes on");
		} catch (ExecutionException e) {
			throw new IllegalStateException("a run's future never fails", e);
		}
		Outcome o = run.outcome();
		switch (o.kind()) {
		case SUCCESS -> send(resp, 200, TaskJson.write(o.result()));
		case TRIGGER_ERROR -> {
			JsonObject error = new JsonObject();
			error.addProperty("error", o.reason());
			send(resp, 422, error.toString());
		}
		case FAILED -> send(resp, 500, ApiErrors.json("task failed", o.reason()));
		case TIMEOUT -> send(resp, 504, ApiErrors.json("task timed out", o.reason()));
		case CANCELLED -> send(resp, 409, ApiErrors.json("run cancelled", o.reason()));
		}
	}

	/** The request body, at most {@code maxArgsBytes}: 413 beyond, without reading the rest. */
	private String body(HttpServletRequest req) throws IOException, TaskRefused {
		int max = runner.maxArgsBytes();
		long declared = req.getContentLengthLong();
		if (declared > max) {
			throw tooBig(max);
		}
		try (InputStream in = req.getInputStream()) {
			byte[] bytes = in.readNBytes(max + 1);
			if (bytes.length > max) {
				throw tooBig(max);
			}
			return new String(bytes, StandardCharsets.UTF_8);
		}
	}

	private static TaskRefused tooBig(int max) {
		return new TaskRefused(413, "arguments too large",
			"the arguments exceed " + max + " bytes (pluginkit.tasks.max.args.bytes)");
	}

	private static void send(HttpServletResponse resp, int status, String json) throws IOException {
		resp.setStatus(status);
		resp.setContentType("application/json");
		resp.setCharacterEncoding("UTF-8");
		resp.setHeader("Cache-Control", "no-store");
		resp.getWriter().write(json);
	}
}
