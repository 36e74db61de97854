package io.pluginkit.runtime.internal.web;

import java.io.IOException;
import java.util.List;
import java.util.Map;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardContextSelect;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;

import io.pluginkit.runtime.internal.registry.PluginInfo;
import io.pluginkit.runtime.internal.registry.PluginRegistry;
import io.pluginkit.runtime.internal.registry.RegistrySnapshot;
import io.pluginkit.runtime.internal.registry.PluginState;
import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * {@code /health}, read from the registry's snapshot: 503 {@code STARTING} until every plugin has
 * reached its desired state, then 200 {@code UP}, or 200 {@code DEGRADED} naming the failing
 * plugins (and, under {@code "store"}, a state store that cannot be used: a cluster store whose database
 * is away), and 503 {@code STOPPING} on shutdown. For example
 * {@code {"status":"UP","plugins":{"enabled":3,"disabled":1,"failed":0}}}.
 */
@Component(service = Servlet.class)
@HttpWhiteboardContextSelect(PlatformContext.SELECT)
@HttpWhiteboardServletName("pluginkit.health")
@HttpWhiteboardServletPattern("/health")
public final class Health extends HttpServlet {

	private static final long serialVersionUID = 1L;

	private final transient PluginRegistry registry;

	@Activate
	public Health(@Reference PluginRegistry registry) {
		this.registry = registry;
	}

	@Override
	protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
		RegistrySnapshot snapshot = registry.snapshot();
		List<PluginInfo> failing = snapshot.failing();
		String storeProblem = registry.storeProblem();
		String status = switch (snapshot.phase()) {
			case STARTING -> "STARTING";
			case STOPPING -> "STOPPING";
			case RUNNING -> failing.isEmpty() && storeProblem == null ? "UP" : "DEGRADED";
		};
		resp.setStatus(snapshot.phase() == RegistrySnapshot.Phase.RUNNING ? 200 : 503);
		resp.setContentType("application/json");
		resp.setHeader("Cache-Control", "no-store");
		resp.getWriter().write(body(status, snapshot.counts(), failing, storeProblem));
	}

	static String body(String status, Map<PluginState, Integer> counts, List<PluginInfo> failing) {
		return body(status, counts, failing, null);
	}

	/** The JSON; {@code store} is the state store's problem (a cluster store whose database is away), or null. */
	static String body(String status, Map<PluginState, Integer> counts, List<PluginInfo> failing, String store) {
		StringBuilder json = new StringBuilder(128).append("{\"status\":").append(Json.string(status))
			.append(",\"plugins\":{\"enabled\":").append(counts.get(PluginState.ENABLED))
			.append(",\"disabled\":").append(counts.get(PluginState.DISABLED))
			.append(",\"failed\":").append(counts.get(PluginState.FAILED)).append('}');
		if (!failing.isEmpty()) {
			json.append(",\"failing\":[");
			for (int i = 0; i < failing.size(); i++) {
				PluginInfo p = failing.get(i);
				json.append(i == 0 ? "" : ",").append("{\"name\":").append(Json.string(p.name()))
					.append(",\"state\":").append(Json.string(p.state().name()))
					.append(",\"reason\":").append(Json.string(p.reason())).append('}');
			}
			json.append(']');
		}
		if (store != null) {
			json.append(",\"store\":").append(Json.string(store));
		}
		return json.append('}').toString();
	}
}
