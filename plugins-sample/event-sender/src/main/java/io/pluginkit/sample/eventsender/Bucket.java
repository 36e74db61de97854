package io.pluginkit.sample.eventsender;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * A bucket on the bucket server of LUNA's examples: created with {@code POST {url}?bucket={bucket}}
 * (201, or 409 when it exists), objects added with {@code POST {url}/{bucket}/objects}. Each call
 * gives up after a few seconds, so a slow server holds up nothing but this plugin's queue.
 */
final class Bucket {

	static final Duration TIMEOUT = Duration.ofSeconds(3);
	private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();

	final String url;
	final String name;

	Bucket(String url, String name) {
		this.url = url;
		this.name = name;
	}

	/**
	 * Creates the bucket.
	 *
	 * @throws IllegalStateException {@code failed create bucket, <bucket>, response: <the server's answer>}
	 */
	void create() throws IOException, InterruptedException {
		HttpResponse<String> response = post(url + "?bucket=" + URLEncoder.encode(name, StandardCharsets.UTF_8), "");
		if (response.statusCode() != 201 && response.statusCode() != 409) {
			throw new IllegalStateException("failed create bucket, " + name + ", response: " + response.body());
		}
	}

	/** Adds one object (a JSON text); returns the server's answer. */
	HttpResponse<String> add(String json) throws IOException, InterruptedException {
		return post(url + "/" + name + "/objects", json);
	}

	private static HttpResponse<String> post(String uri, String json) throws IOException, InterruptedException {
		HttpRequest request = HttpRequest.newBuilder(URI.create(uri)).timeout(TIMEOUT)
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8)).build();
		return HTTP.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
	}
}
