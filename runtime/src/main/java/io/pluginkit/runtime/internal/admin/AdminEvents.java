package io.pluginkit.runtime.internal.admin;

import java.io.IOException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardContextSelect;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletAsyncSupported;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;

import com.google.gson.JsonObject;

import io.pluginkit.runtime.internal.registry.PluginRegistry;
import io.pluginkit.runtime.internal.registry.PluginStateEvent;
import io.pluginkit.runtime.internal.security.ApiErrors;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * {@code GET /admin/api/events}: the Server-Sent Events stream of plugin changes, one
 * {@code event: plugin} per {@link PluginStateEvent}, in the registry's order, with
 * {@code {"name","state","previous","reason","version","bundleId","cause"}}; a comment every 15 s
 * keeps proxies from closing it. At most {@value #MAX_STREAMS} streams at once (503 beyond).
 */
@Component(service = Servlet.class)
@HttpWhiteboardContextSelect(AdminContext.SELECT)
@HttpWhiteboardServletName("pluginkit.admin.events")
@HttpWhiteboardServletPattern("/api/events")
@HttpWhiteboardServletAsyncSupported
public final class AdminEvents extends HttpServlet {

	private static final long serialVersionUID = 1L;
	static final int MAX_STREAMS = 64;

	private final transient PluginRegistry registry;
	private final transient Set<AsyncContext> streams = ConcurrentHashMap.newKeySet();
	private final transient Consumer<PluginStateEvent> listener = this::changed;
	private final transient ScheduledExecutorService keepAlive = Executors.newSingleThreadScheduledExecutor(r -> {
		Thread t = new Thread(r, "pluginkit-admin-events");
		t.setDaemon(true);
		return t;
	});

	@Activate
	public AdminEvents(@Reference PluginRegistry registry) {
		this.registry = registry;
		registry.addListener(listener);
		keepAlive.scheduleWithFixedDelay(() -> broadcast(": keep-alive\n\n"), 15, 15, TimeUnit.SECONDS);
	}

	@Deactivate
	void deactivate() {
		registry.removeListener(listener);
		keepAlive.shutdownNow();
		for (AsyncContext c : streams) {
			try {
				c.complete();
			} catch (RuntimeException e) {
				// already closed by the client
			}
		}
		streams.clear();
	}

	@Override
	protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
		if (streams.size() >= MAX_STREAMS) {
			ApiErrors.send(resp, 503, "too many streams", MAX_STREAMS + " event streams are open already");
			return;
		}
		resp.setStatus(200);
		resp.setContentType("text/event-stream");
		resp.setCharacterEncoding("UTF-8");
		resp.setHeader("Cache-Control", "no-store");
		resp.setHeader("X-Accel-Buffering", "no");
		AsyncContext async = req.startAsync();
		async.setTimeout(0);
		async.addListener(new AsyncListener() {
			@Override
			public void onComplete(AsyncEvent event) {
				streams.remove(async);
			}

			@Override
			public void onTimeout(AsyncEvent event) {
				streams.remove(async);
			}

			@Override
			public void onError(AsyncEvent event) {
				streams.remove(async);
			}

			@Override
			public void onStartAsync(AsyncEvent event) {
				// not restarted
			}
		});
		streams.add(async);
		send(async, "retry: 2000\n: connected\n\n");
	}

	private void changed(PluginStateEvent e) {
		JsonObject o = new JsonObject();
		o.addProperty("name", e.current().name());
		o.addProperty("state", e.current().state().name());
		o.addProperty("previous", e.previous() == null ? null : e.previous().state().name());
		o.addProperty("reason", e.current().reason());
		o.addProperty("version", e.current().version());
		o.addProperty("bundleId", e.current().bundleId());
		o.addProperty("cause", e.cause());
		broadcast("event: plugin\ndata: " + o + "\n\n");
	}

	private void broadcast(String message) {
		for (AsyncContext c : streams) {
			send(c, message);
		}
	}

	private void send(AsyncContext c, String message) {
		synchronized (c) {
			try {
				var out = c.getResponse().getWriter();
				out.write(message);
				out.flush();
				if (out.checkError()) {
					throw new IOException("the client went away");
				}
			} catch (IOException | RuntimeException ex) {
				streams.remove(c);
				try {
					c.complete();
				} catch (RuntimeException ignored) {
					// already gone
				}
			}
		}
	}
}
