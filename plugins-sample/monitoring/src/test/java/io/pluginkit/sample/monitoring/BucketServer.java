package io.pluginkit.sample.monitoring;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpServer;

/**
 * A stand-in for LUNA's bucket server on a free local port (the JDK's HttpServer): records every
 * request as {@code METHOD /path?query body} and answers {@code createStatus} to bucket creation,
 * 201 to everything else.
 */
final class BucketServer implements AutoCloseable {

	final List<String> received = new CopyOnWriteArrayList<>();
	volatile int createStatus = 201;
	volatile String createBody = "{}";
	private final HttpServer server;

	BucketServer() throws IOException {
		server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		server.createContext("/", exchange -> {
			String body;
			try (InputStream in = exchange.getRequestBody()) {
				body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
			}
			received.add(exchange.getRequestMethod() + " " + exchange.getRequestURI() + (body.isEmpty() ? "" : " " + body));
			boolean create = exchange.getRequestURI().getQuery() != null;
			byte[] reply = (create ? createBody : "{\"ok\":true}").getBytes(StandardCharsets.UTF_8);
			exchange.sendResponseHeaders(create ? createStatus : 201, reply.length);
			exchange.getResponseBody().write(reply);
			exchange.close();
		});
		server.start();
	}

	/** The buckets URL, as the plugin's {@code url} setting. */
	String url() {
		return "http://127.0.0.1:" + server.getAddress().getPort() + "/1/buckets";
	}

	@Override
	public void close() {
		server.stop(0);
	}
}
