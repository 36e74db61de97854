package io.pluginkit.sample.taskaudit;

import java.io.IOException;
import java.util.Map;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;

import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/** {@code GET /task-audit/stats}: {@code {"total":N,"triggers":{"name":count,...}}}. */
@Component(service = Servlet.class)
@HttpWhiteboardServletPattern("/task-audit/stats")
public class StatsServlet extends HttpServlet {

	private static final long serialVersionUID = 1L;

	private final transient TriggerCounter counter;

	@Activate
	public StatsServlet(@Reference TriggerCounter counter) {
		this.counter = counter;
	}

	@Override
	protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
		resp.setContentType("application/json");
		resp.setCharacterEncoding("UTF-8");
		resp.getWriter().write(json(counter.counts()));
	}

	/** The counts as JSON (trigger names are identifiers: nothing to escape but quotes and backslashes). */
	static String json(Map<String, Long> counts) {
		StringBuilder out = new StringBuilder("{\"total\":");
		out.append(counts.values().stream().mapToLong(Long::longValue).sum()).append(",\"triggers\":{");
		String sep = "";
		for (Map.Entry<String, Long> e : counts.entrySet()) {
			out.append(sep).append('"').append(e.getKey().replace("\\", "\\\\").replace("\"", "\\\"")).append("\":")
				.append(e.getValue());
			sep = ",";
		}
		return out.append("}}").toString();
	}
}
