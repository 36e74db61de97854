package io.pluginkit.testing.plugins;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * A test plugin's {@code asyncSupported} servlet: starts async, returns, and writes its answer a
 * moment later on another thread, through the response it was given ({@code ?via=response}, the
 * default) or the one of its {@code AsyncContext} ({@code ?via=context}), then completes.
 */
public class AsyncServlet extends HttpServlet {

	private static final long serialVersionUID = 1L;

	public void activate(Map<String, Object> properties) {
	}

	@Override
	protected void doGet(HttpServletRequest req, HttpServletResponse resp) {
		boolean viaContext = "context".equals(req.getParameter("via"));
		AsyncContext async = req.startAsync();
		CompletableFuture.delayedExecutor(100, TimeUnit.MILLISECONDS).execute(() -> {
			ServletResponse out = viaContext ? async.getResponse() : resp;
			try {
				((HttpServletResponse) out).setHeader("X-Written-By", "async thread");
				out.setContentType("text/plain;charset=utf-8");
				out.getWriter().print("written after the servlet returned");
			} catch (IOException e) {
				throw new IllegalStateException(e);
			} finally {
				async.complete();
			}
		});
	}
}
