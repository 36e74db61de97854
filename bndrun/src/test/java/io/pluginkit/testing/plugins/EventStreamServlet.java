package io.pluginkit.testing.plugins;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * A test plugin's Server-Sent Events servlet: sends {@code data: first}, then holds the stream open
 * until a request with {@code ?release} comes (at most 60 s, longer than a test waits), then sends {@code data: last} and
 * ends. A client that reads the first event before releasing proves the stream is not buffered.
 */
public class EventStreamServlet extends HttpServlet {

	private static final long serialVersionUID = 1L;
	private volatile CountDownLatch release = new CountDownLatch(1);

	public void activate(Map<String, Object> properties) {
	}

	@Override
	protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
		if (req.getParameter("release") != null) {
			release.countDown();
			resp.setStatus(204);
			return;
		}
		CountDownLatch mine = new CountDownLatch(1);
		release = mine;
		resp.setContentType("text/event-stream");
		resp.setHeader("Cache-Control", "no-cache");
		PrintWriter out = resp.getWriter();
		out.print("data: first\n\n");
		out.flush();
		try {
			mine.await(60, TimeUnit.SECONDS);
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
		}
		out.print("data: last\n\n");
		out.flush();
	}
}
