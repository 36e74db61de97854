package io.pluginkit.runtime.internal.registry;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.pluginkit.runtime.internal.registry.PluginException.Kind;

/**
 * An {@code http:}/{@code https:} jar fetched into a temporary file, all of it within a deadline
 * and up to a size: a server that stalls or sends without end costs at most the deadline, and
 * never more than the size on disk. Redirects are followed, from {@code http:} to {@code https:}
 * too (never from {@code https:} back to {@code http:}).
 */
final class Download {

	/** The body went past the size limit. */
	private static final class TooLarge extends IOException {
		private static final long serialVersionUID = 1L;
	}

	private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

	private final URI uri;
	private final long maxBytes;
	private final Duration deadline;

	Download(URI uri, long maxBytes, Duration deadline) {
		this.uri = uri;
		this.maxBytes = maxBytes;
		this.deadline = deadline;
	}

	/** Fetches it; the stream reads the temporary file, which is deleted when the stream is closed. */
	InputStream open() throws PluginException {
		Path tmp;
		try {
			tmp = Files.createTempFile("pluginkit-download-", ".jar");
		} catch (IOException e) {
			throw failure("cannot make a temporary file: " + e.getMessage(), e);
		}
		CappedFile body = new CappedFile(tmp, maxBytes);
		boolean done = false;
		try {
			HttpClient client = HttpClient.newBuilder()
				.followRedirects(HttpClient.Redirect.NORMAL)
				.connectTimeout(connectTimeout())
				.build();
			HttpRequest request = HttpRequest.newBuilder(uri).timeout(deadline).GET().build();
			CompletableFuture<HttpResponse<Path>> response = client.sendAsync(request, info -> {
				if (info.statusCode() >= 300) {
					return HttpResponse.BodySubscribers.replacing(null); // the status says it all
				}
				long length = info.headers().firstValueAsLong("Content-Length").orElse(-1);
				if (length > maxBytes) {
					body.refuse();
				}
				return body;
			});
			HttpResponse<Path> r;
			try {
				r = response.get(deadline.toNanos(), TimeUnit.NANOSECONDS);
			} catch (TimeoutException e) {
				response.cancel(true);
				body.refuse();
				throw tookTooLong(e);
			} catch (InterruptedException e) {
				response.cancel(true);
				Thread.currentThread().interrupt();
				throw failure("interrupted", e);
			} catch (ExecutionException | CancellationException e) {
				throw explain(e.getCause() == null ? e : e.getCause());
			}
			if (r.statusCode() >= 300) {
				throw new PluginException(Kind.BAD_INPUT, "cannot read '" + uri + "': the server answered "
					+ r.statusCode() + (r.statusCode() < 400 ? " (a redirect that was not followed)" : ""));
			}
			InputStream in = Files.newInputStream(tmp, StandardOpenOption.DELETE_ON_CLOSE);
			done = true;
			return in;
		} catch (IOException e) {
			throw failure(e.getClass().getSimpleName() + ": " + e.getMessage(), e);
		} finally {
			if (!done) {
				body.close();
				JarInspector.deleteQuietly(tmp);
			}
		}
	}

	private PluginException explain(Throwable thrown) {
		Throwable cause = thrown;
		while (cause instanceof java.util.concurrent.CompletionException && cause.getCause() != null) {
			cause = cause.getCause();
		}
		for (Throwable t = cause; t != null; t = t.getCause()) {
			if (t instanceof TooLarge || t instanceof HttpTimeoutException) {
				cause = t;
				break;
			}
		}
		if (cause instanceof TooLarge) {
			return new PluginException(Kind.BAD_INPUT, "cannot install '" + uri + "': it is larger than "
				+ PluginSource.bytes(maxBytes) + ", the most a download may be (" + PluginSource.INSTALL_MAX_BYTES
				+ "); raise the limit or copy the jar into the plugins folder");
		}
		if (cause instanceof java.net.http.HttpConnectTimeoutException) {
			return failure("no connection within " + connectTimeout().toSeconds()
				+ " s (to its server, or to where it redirects); check the URL and the network", cause);
		}
		if (cause instanceof HttpTimeoutException) {
			return tookTooLong(cause);
		}
		if (cause instanceof ConnectException && cause.getMessage() == null) {
			return failure("ConnectException: cannot connect to " + uri.getHost() + ":" + port(), cause);
		}
		return failure(cause.getClass().getSimpleName() + ": " + cause.getMessage(), cause);
	}

	private Duration connectTimeout() {
		return deadline.compareTo(CONNECT_TIMEOUT) < 0 ? deadline : CONNECT_TIMEOUT;
	}

	private int port() {
		return uri.getPort() != -1 ? uri.getPort() : "https".equals(uri.getScheme()) ? 443 : 80;
	}

	private PluginException tookTooLong(Throwable cause) {
		return new PluginException(Kind.BAD_INPUT, "cannot read '" + uri + "': no complete answer within "
			+ deadline.toSeconds() + " s (" + PluginSource.INSTALL_TIMEOUT_SECONDS
			+ "); check the URL and the network, or raise the limit", cause);
	}

	private PluginException failure(String what, Throwable cause) {
		return new PluginException(Kind.BAD_INPUT, "cannot read '" + uri + "': " + what, cause);
	}

	/** Writes the body to a file, and fails it as soon as it passes the size limit. */
	private static final class CappedFile implements HttpResponse.BodySubscriber<Path> {

		private final CompletableFuture<Path> result = new CompletableFuture<>();
		private final Path file;
		private final long maxBytes;
		private volatile boolean refused;
		private FileChannel out;
		private Flow.Subscription subscription;
		private long written;

		CappedFile(Path file, long maxBytes) {
			this.file = file;
			this.maxBytes = maxBytes;
		}

		/** Fail it: the body is not wanted (too large, or too late). */
		void refuse() {
			refused = true;
			result.completeExceptionally(new TooLarge());
		}

		@Override
		public CompletionStage<Path> getBody() {
			return result;
		}

		@Override
		public synchronized void onSubscribe(Flow.Subscription s) {
			subscription = s;
			if (refused) {
				s.cancel();
				return;
			}
			try {
				out = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
			} catch (IOException e) {
				s.cancel();
				result.completeExceptionally(e);
				return;
			}
			s.request(1);
		}

		@Override
		public synchronized void onNext(List<ByteBuffer> items) {
			if (refused || result.isDone()) {
				subscription.cancel();
				return;
			}
			try {
				for (ByteBuffer b : items) {
					written += b.remaining();
					if (written > maxBytes) {
						subscription.cancel();
						close();
						refuse();
						return;
					}
					while (b.hasRemaining()) {
						out.write(b);
					}
				}
			} catch (IOException e) {
				subscription.cancel();
				close();
				result.completeExceptionally(e);
				return;
			}
			subscription.request(1);
		}

		@Override
		public synchronized void onError(Throwable t) {
			close();
			result.completeExceptionally(t);
		}

		@Override
		public synchronized void onComplete() {
			close();
			result.complete(file);
		}

		synchronized void close() {
			if (out != null) {
				try {
					out.close();
				} catch (IOException e) {
					// the download failed anyway, or the file is complete
				}
				out = null;
			}
		}
	}
}
