package io.pluginkit.runtime.internal.metrics;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongFunction;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.CounterSnapshot.CounterDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.prometheus.metrics.model.snapshots.Unit;
import io.pluginkit.runtime.internal.background.BackgroundServices;
import io.pluginkit.runtime.internal.contrib.Counted;
import io.pluginkit.runtime.internal.event.Events;
import io.pluginkit.runtime.internal.registry.PluginInfo;
import io.pluginkit.runtime.internal.registry.PluginRegistry;
import io.pluginkit.runtime.internal.registry.PluginState;
import io.pluginkit.runtime.internal.registry.RegistrySnapshot;
import io.pluginkit.runtime.internal.task.TaskRunner;
import io.pluginkit.runtime.internal.trigger.TriggerService;
import io.pluginkit.runtime.internal.web.HookChain;

/**
 * What {@code /metrics} reads at scrape time, from the figures the other areas already keep (no cost
 * on their paths): plugin states ({@code pluginkit_plugins{state}}, {@code pluginkit_plugin_up{plugin}}),
 * hook failures, each event listener's queue depth, deliveries and drops, each trigger handler's and
 * task's counts, background restarts, and JVM basics ({@code pluginkit_jvm_*}).
 */
@Component(service = PluginKitCollector.class, immediate = true)
public final class PluginKitCollector implements MultiCollector {

	private final PluginRegistry registry;
	private final MetricsRegistry metrics;

	@Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
	volatile Events events;
	@Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
	volatile TriggerService triggers;
	@Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
	volatile TaskRunner tasks;
	@Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
	volatile BackgroundServices background;
	@Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
	volatile HookChain hooks;

	@Activate
	public PluginKitCollector(@Reference PluginRegistry registry, @Reference MetricsRegistry metrics) {
		this.registry = registry;
		this.metrics = metrics;
		metrics.prometheus().register(this);
	}

	@Deactivate
	void deactivate() {
		metrics.prometheus().unregister(this);
	}

	@Override
	public MetricSnapshots collect() {
		RegistrySnapshot snapshot = registry.snapshot();
		Map<Long, String> names = new HashMap<>();
		snapshot.plugins().forEach(p -> names.put(p.bundleId(), p.name()));
		LongFunction<String> name = id -> names.getOrDefault(id, "bundle-" + id);
		List<MetricSnapshot> all = new ArrayList<>();
		plugins(snapshot, all);
		HookChain h = hooks;
		if (h != null) {
			CounterSnapshot.Builder failures = CounterSnapshot.builder().name("pluginkit_hook_failures")
				.help("Request hook failures (before, after, teardown) of a plugin's live hooks");
			for (PluginInfo p : snapshot.plugins()) {
				if (p.state() == PluginState.ENABLED) {
					failures.dataPoint(counter(h.hookFailures(p.bundleId()), "plugin", p.name()));
				}
			}
			all.add(failures.build());
			CounterSnapshot.Builder time = CounterSnapshot.builder().name("pluginkit_hook_seconds")
				.help("Time spent in a plugin's live request hooks (before, after, teardown)").unit(Unit.SECONDS);
			for (PluginInfo p : snapshot.plugins()) {
				if (p.state() == PluginState.ENABLED) {
					time.dataPoint(counter(h.hookNanos(p.bundleId()) / 1e9, "plugin", p.name()));
				}
			}
			all.add(time.build());
		}
		Events ev = events;
		if (ev != null) {
			counted(all, "pluginkit_events_", "listener", ev.counted(), name, Map.of("delivered",
				"Events delivered to a listener", "failed", "Events whose listener threw", "dropped_queue_full",
				"Events dropped because the listener's queue was full", "dropped_stopped",
				"Events dropped because the listener's plugin stopped", "queue_depth", "Events waiting in a listener's queue"));
		}
		TriggerService tr = triggers;
		if (tr != null) {
			counted(all, "pluginkit_trigger_", "handler", tr.chain().counted(), name, Map.of("fired",
				"Trigger fires a handler handled", "failures", "Trigger handler failures", "timeouts", "Trigger handler timeouts"));
		}
		TaskRunner ta = tasks;
		if (ta != null) {
			counted(all, "pluginkit_task_", "task", ta.counted(), name, Map.of("runs", "Task runs", "succeeded",
				"Task runs that succeeded", "trigger_errors", "Task runs ended by PluginTriggerError", "failed",
				"Task runs that failed", "timed_out", "Task runs that timed out", "cancelled", "Task runs cancelled",
				"rejected", "Task runs refused because the queue was full"));
		}
		BackgroundServices bg = background;
		if (bg != null) {
			counted(all, "pluginkit_background_", "service", bg.counted(), name, Map.of("restarts",
				"Restarts of a background service after a crash", "crashes", "Crashes of a background service"));
		}
		jvm(all);
		return new MetricSnapshots(all);
	}

	private static void plugins(RegistrySnapshot snapshot, List<MetricSnapshot> all) {
		GaugeSnapshot.Builder byState = GaugeSnapshot.builder().name("pluginkit_plugins").help("Installed plugins by state");
		snapshot.counts().forEach((state, n) -> {
			if (state != PluginState.UNINSTALLED) {
				byState.dataPoint(gauge(n, "state", state.name()));
			}
		});
		all.add(byState.build());
		GaugeSnapshot.Builder up = GaugeSnapshot.builder().name("pluginkit_plugin_enabled")
			.help("1 when the plugin is ENABLED, 0 otherwise (its state as a label)");
		Map<String, Boolean> seen = new LinkedHashMap<>();
		for (PluginInfo p : snapshot.plugins()) {
			if (seen.putIfAbsent(p.name(), true) == null) {
				up.dataPoint(gauge(p.state() == PluginState.ENABLED ? 1 : 0, "plugin", p.name(), "state", p.state().name()));
			}
		}
		all.add(up.build());
	}

	/** One metric per figure name: counters, except {@code *_depth}, which are gauges. */
	private static void counted(List<MetricSnapshot> all, String prefix, String what, List<Counted> counted,
		LongFunction<String> name, Map<String, String> help) {
		for (Map.Entry<String, String> figure : new java.util.TreeMap<>(help).entrySet()) {
			String key = figure.getKey();
			Map<Labels, Long> points = new LinkedHashMap<>();
			for (Counted c : counted) {
				Long v = c.counts().get(key);
				if (v != null) {
					points.merge(Labels.of("plugin", name.apply(c.bundleId()), what, c.what()), v, Long::sum);
				}
			}
			if (key.endsWith("_depth")) {
				GaugeSnapshot.Builder g = GaugeSnapshot.builder().name(prefix + key).help(figure.getValue());
				points.forEach((labels, v) -> g.dataPoint(GaugeDataPointSnapshot.builder().value(v).labels(labels).build()));
				all.add(g.build());
			} else {
				CounterSnapshot.Builder c = CounterSnapshot.builder().name(prefix + key).help(figure.getValue());
				points.forEach((labels, v) -> c.dataPoint(CounterDataPointSnapshot.builder().value(v).labels(labels).build()));
				all.add(c.build());
			}
		}
	}

	private static void jvm(List<MetricSnapshot> all) {
		var memory = ManagementFactory.getMemoryMXBean();
		MemoryUsage heap = memory.getHeapMemoryUsage();
		MemoryUsage nonHeap = memory.getNonHeapMemoryUsage();
		all.add(GaugeSnapshot.builder().name("pluginkit_jvm_memory_used_bytes").help("JVM memory in use")
			.dataPoint(gauge(heap.getUsed(), "area", "heap")).dataPoint(gauge(nonHeap.getUsed(), "area", "nonheap")).build());
		all.add(GaugeSnapshot.builder().name("pluginkit_jvm_memory_committed_bytes").help("JVM memory committed")
			.dataPoint(gauge(heap.getCommitted(), "area", "heap")).dataPoint(gauge(nonHeap.getCommitted(), "area", "nonheap"))
			.build());
		all.add(GaugeSnapshot.builder().name("pluginkit_jvm_memory_max_bytes").help("JVM heap limit (-Xmx)")
			.dataPoint(gauge(heap.getMax(), "area", "heap")).build());
		var threads = ManagementFactory.getThreadMXBean();
		all.add(GaugeSnapshot.builder().name("pluginkit_jvm_threads").help("JVM threads")
			.dataPoint(gauge(threads.getThreadCount(), "kind", "live"))
			.dataPoint(gauge(threads.getDaemonThreadCount(), "kind", "daemon")).build());
		CounterSnapshot.Builder gcCount = CounterSnapshot.builder().name("pluginkit_jvm_gc_collections")
			.help("Garbage collections, by collector");
		CounterSnapshot.Builder gcTime = CounterSnapshot.builder().name("pluginkit_jvm_gc_collection_seconds")
			.help("Time spent in garbage collection, by collector");
		for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
			gcCount.dataPoint(counter(Math.max(0, gc.getCollectionCount()), "gc", gc.getName()));
			gcTime.dataPoint(counter(Math.max(0, gc.getCollectionTime()) / 1000.0, "gc", gc.getName()));
		}
		all.add(gcCount.build());
		all.add(gcTime.build());
		all.add(GaugeSnapshot.builder().name("pluginkit_jvm_classes_loaded").help("Classes loaded now")
			.dataPoint(gauge(ManagementFactory.getClassLoadingMXBean().getLoadedClassCount())).build());
		all.add(GaugeSnapshot.builder().name("pluginkit_process_uptime_seconds").help("Seconds since the JVM started")
			.dataPoint(gauge(ManagementFactory.getRuntimeMXBean().getUptime() / 1000.0)).build());
		try {
			// through JMX: com.sun.management is not a package the framework exports to bundles
			Object cpu = ManagementFactory.getPlatformMBeanServer()
				.getAttribute(new javax.management.ObjectName("java.lang:type=OperatingSystem"), "ProcessCpuTime");
			if (cpu instanceof Number n && n.longValue() >= 0) {
				all.add(CounterSnapshot.builder().name("pluginkit_process_cpu_seconds").help("CPU time used by the process")
					.dataPoint(counter(n.longValue() / 1e9)).build());
			}
		} catch (javax.management.JMException | RuntimeException e) {
			// not on this JVM: the metric is left out
		}
	}

	private static GaugeDataPointSnapshot gauge(double value, String... labels) {
		return GaugeDataPointSnapshot.builder().value(value).labels(Labels.of(labels)).build();
	}

	private static CounterDataPointSnapshot counter(double value, String... labels) {
		return CounterDataPointSnapshot.builder().value(value).labels(Labels.of(labels)).build();
	}
}
