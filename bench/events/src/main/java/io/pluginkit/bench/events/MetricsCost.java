package io.pluginkit.bench.events;

import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.pluginkit.runtime.internal.metrics.RequestFigures;

/**
 * What {@code /metrics} costs a request on its thread: the request counter and the latency histogram
 * of the plugin that answered ({@link RequestFigures#record}), two threads on the same plugin (the
 * worst case: they update the same data points). Compare with the time a plugin servlet request takes
 * (the throughput row of {@code bench/run.sh}); DESIGN's budget is 3%.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@Threads(2)
public class MetricsCost {

	RequestFigures figures;
	long n;

	@Setup(Level.Trial)
	public void setUp() {
		figures = new RequestFigures(new PrometheusRegistry(), id -> Optional.of("hello"));
	}

	@Benchmark
	public void requestDone() {
		figures.record(200, 250_000 + (n++ & 1023), 35);
	}
}
