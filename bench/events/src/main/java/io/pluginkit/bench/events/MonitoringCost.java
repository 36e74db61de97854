package io.pluginkit.bench.events;

import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import io.pluginkit.api.event.EventListener;
import io.pluginkit.api.event.EventTopic;
import io.pluginkit.api.event.MonitoringPoints;
import io.pluginkit.api.event.RequestPoint;
import io.pluginkit.runtime.internal.contrib.Contribution;
import io.pluginkit.runtime.internal.event.EventBus;
import io.pluginkit.runtime.internal.event.MonitoringBatches;
import io.pluginkit.runtime.internal.registry.PluginProblems;

/**
 * What {@code pluginkit/monitoring} costs a request on its thread: the observer's work for one
 * request (the point built and queued; every {@value MonitoringBatches#BATCH_SIZE}th request also
 * publishes the batch), with no listener and with one listener that does nothing. Compare the
 * difference with the time a plugin servlet request takes (the throughput row of {@code bench/run.sh}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class MonitoringCost {

	@Param({ "0", "1" })
	public int listeners;

	EventBus bus;
	MonitoringBatches batches;
	final AtomicLong received = new AtomicLong();

	@Setup(Level.Trial)
	public void setUp() {
		bus = new EventBus(new PluginProblems() {
			@Override
			public void failing(long bundleId, String what, String problem) {
			}

			@Override
			public void recovered(long bundleId, String what) {
			}

			@Override
			public void quarantine(long bundleId, String reason) {
			}
		}, id -> "hello", 10_000, 60_000);
		if (listeners == 1) {
			EventListener listener = event -> received.incrementAndGet();
			bus.add(new Contribution<>(listener, 1, 1, 0, Map.of(EventTopic.PROPERTY, MonitoringPoints.TOPIC)));
		}
		batches = new MonitoringBatches(() -> bus.hasListeners(MonitoringPoints.TOPIC), id -> "hello",
			batch -> bus.publish(MonitoringPoints.TOPIC, "pluginkit", batch));
	}

	@TearDown(Level.Trial)
	public void tearDown() {
		bus.close();
	}

	@Benchmark
	public boolean oneRequest() {
		RequestPoint none = null;
		boolean full = batches.add(none, "req-1", "GET", "/hello", 200, 250_000, 42);
		if (full) {
			batches.flush();
		}
		return full;
	}
}
