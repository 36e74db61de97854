package io.pluginkit.testing;

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
 * request as {@code METHOD /path?query body}, answers {@code createStatus} to bucket creation
 * (a request with a query) and 201 to everything else.
 */
public final class BucketServer implements AutoCloseable {

	public final List<String> received = new CopyOnWriteArrayList<>();
	public volatile int createStatus = 201;
	public volatile String createBody = "{}";
	private final HttpServer server;

	public BucketServer() {
		this(0);
	}

	/** On a given port, or {@code null} when it is taken. */
	public static BucketServer onPort(int port) {
		try {
			return new BucketServer(port);
		} catch (java.io.UncheckedIOException e) {
			return null;
		}
	}

	private BucketServer(int port) {
		try {
			server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
		} catch (IOException e) {
			throw new java.io.UncheckedIOException(e);
		}
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

	/** The buckets URL, as the samples' {@code url} setting. */
	public String url() {
		return "http://127.0.0.1:" + server.getAddress().getPort() + "/1/buckets";
	}

	/** What was posted to the bucket's objects, bodies only. */
	public List<String> objects(String bucket) {
		String prefix = "POST /1/buckets/" + bucket + "/objects ";
		return received.stream().filter(r -> r.startsWith(prefix)).map(r -> r.substring(prefix.length())).toList();
	}

	@Override
	public void close() {
		server.stop(0);
	}
}
