package io.pluginkit.bench.events;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import org.apache.felix.framework.FrameworkFactory;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.launch.Framework;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;

import io.pluginkit.api.event.EventListener;
import io.pluginkit.api.event.EventTopic;
import io.pluginkit.runtime.internal.contrib.Contribution;
import io.pluginkit.runtime.internal.event.EventBus;
import io.pluginkit.runtime.internal.registry.PluginProblems;

/**
 * Events per second delivered asynchronously to one listener: an operation is one event published
 * and received. Each invocation publishes {@value #BATCH} events from the benchmark thread and
 * waits until the listener has them all, so the figure is end-to-end (publish, queue, hand-over,
 * delivery), not just the cost of enqueueing.
 * <p>
 * {@code pluginkitBus}: PluginKit's {@link EventBus} with a listener queue large enough for a
 * batch. {@code eventAdminPostEvent}: Felix EventAdmin 1.6.4 in a real Felix 7 framework, the
 * handler registered as an OSGi service, {@code postEvent} (asynchronous, ordered per handler).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class EventDispatch {

	static final int BATCH = 10_000;
	static final String TOPIC = "bench/events";

	final AtomicLong received = new AtomicLong();
	EventBus bus;
	Framework felix;
	Path storage;
	EventAdmin eventAdmin;
	final Map<String, Object> payload = Map.of("n", 1);

	@Setup(Level.Trial)
	public void setUp() throws Exception {
		bus = new EventBus(new PluginProblems() {
			@Override
			public void failing(long bundleId, String what, String problem) {
			}

			@Override
			public void recovered(long bundleId, String what) {
			}

			@Override
			public void quarantine(long bundleId, String reason) {
				throw new IllegalStateException("the benchmark's listener was quarantined: " + reason);
			}
		}, id -> "bench", 2 * BATCH, 60_000);
		EventListener listener = event -> received.incrementAndGet();
		bus.add(new Contribution<>(listener, 1, 1, 0, Map.of(EventTopic.PROPERTY, TOPIC)));

		storage = Files.createTempDirectory("bench-felix");
		felix = new FrameworkFactory().newFramework(Map.of("org.osgi.framework.storage", storage.toString(),
			"org.osgi.framework.storage.clean", "onFirstInit",
			"org.osgi.framework.system.packages.extra", "org.osgi.service.event;version=1.4.0"));
		felix.start();
		BundleContext context = felix.getBundleContext();
		Path jar = Path.of(System.getProperty("bench.eventadmin", "bench/events/target/bundles/org.apache.felix.eventadmin.jar"));
		Bundle eventAdminBundle = context.installBundle(jar.toUri().toString());
		eventAdminBundle.start();
		Dictionary<String, Object> properties = new Hashtable<>();
		properties.put(EventConstants.EVENT_TOPIC, new String[] { TOPIC });
		context.registerService(EventHandler.class, event -> received.incrementAndGet(), properties);
		eventAdmin = context.getService(context.getServiceReference(EventAdmin.class));
		if (eventAdmin == null) {
			throw new IllegalStateException("EventAdmin did not start");
		}
	}

	@TearDown(Level.Trial)
	public void tearDown() throws Exception {
		bus.close();
		felix.stop();
		felix.waitForStop(10_000);
		try (Stream<Path> files = Files.walk(storage)) {
			for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
				Files.deleteIfExists(p);
			}
		} catch (IOException e) {
			// a temporary folder
		}
	}

	@Benchmark
	@OperationsPerInvocation(BATCH)
	public void pluginkitBus() {
		long target = received.get() + BATCH;
		for (int i = 0; i < BATCH; i++) {
			bus.publish(TOPIC, "bench", payload);
		}
		await(target);
	}

	@Benchmark
	@OperationsPerInvocation(BATCH)
	public void eventAdminPostEvent() {
		long target = received.get() + BATCH;
		for (int i = 0; i < BATCH; i++) {
			eventAdmin.postEvent(new Event(TOPIC, payload));
		}
		await(target);
	}

	private void await(long target) {
		while (received.get() < target) {
			Thread.onSpinWait();
		}
	}

	/** {@code java -cp ... io.pluginkit.bench.events.EventDispatch}: runs both with JMH's defaults above. */
	public static void main(String[] args) throws Exception {
		org.openjdk.jmh.Main.main(args.length > 0 ? args : new String[] { EventDispatch.class.getName(), MonitoringCost.class.getName() });
	}
}
