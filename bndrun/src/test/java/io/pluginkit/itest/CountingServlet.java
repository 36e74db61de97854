package io.pluginkit.itest;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/** A request handler registered by the tests themselves: answers {@code handler} and counts its calls. */
final class CountingServlet extends HttpServlet {

	private static final long serialVersionUID = 1L;

	final AtomicInteger calls = new AtomicInteger();

	@Override
	protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
		calls.incrementAndGet();
		resp.setContentType("text/plain;charset=utf-8");
		resp.getWriter().print("handler");
	}
}
