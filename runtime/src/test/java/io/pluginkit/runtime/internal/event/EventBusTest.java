package io.pluginkit.runtime.internal.event;

import static io.pluginkit.runtime.internal.event.FakeProblems.await;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.pluginkit.api.event.Event;
import io.pluginkit.api.event.EventListener;
import io.pluginkit.api.event.EventTopic;
import io.pluginkit.api.event.SendingEvent;
import io.pluginkit.runtime.internal.contrib.Contribution;

class EventBusTest {

	final FakeProblems problems = new FakeProblems();
	final EventBus bus = new EventBus(problems, id -> "plugin" + id, 10_000, 10_000);
	long nextServiceId = 1;

	@AfterEach
	void close() {
		bus.close();
	}

	/** A listener that records payloads and the threads it ran on. */
	static class Recorder implements EventListener {
		final List<Object> payloads = new CopyOnWriteArrayList<>();
		final List<String> threads = new CopyOnWriteArrayList<>();

		@Override
		public void handle(Event event) {
			payloads.add(event.payload());
			threads.add(Thread.currentThread().getName());
		}
	}

	Contribution<EventListener> add(EventListener listener, long bundleId, Object topics, Object... more) {
		Map<String, Object> properties = new java.util.HashMap<>();
		properties.put(EventTopic.PROPERTY, topics);
		for (int i = 0; i < more.length; i += 2) {
			properties.put((String) more[i], more[i + 1]);
		}
		Contribution<EventListener> c = new Contribution<>(listener, nextServiceId++, bundleId, 0, properties);
		bus.add(c);
		return c;
	}

	@Test
	void eachListenerGetsItsTopicsInOrderOffThePublishersThread() {
		Recorder all = new Recorder();
		Recorder orders = new Recorder();
		add(all, 10, "acme/*");
		add(orders, 11, new String[] { "acme/orders" });

		for (int i = 0; i < 1000; i++) {
			bus.publish(i % 2 == 0 ? "acme/orders" : "acme/refunds", "test", i);
		}

		await("both listeners got theirs", () -> all.payloads.size() == 1000 && orders.payloads.size() == 500);
		assertThat(all.payloads).isEqualTo(java.util.stream.IntStream.range(0, 1000).boxed().toList());
		assertThat(orders.payloads).isEqualTo(java.util.stream.IntStream.range(0, 1000).filter(i -> i % 2 == 0).boxed().toList());
		assertThat(all.threads).allMatch(t -> t.startsWith("pluginkit-events-"));
		assertThat(bus.publish("other/topic", "test", 1)).isZero();
		assertThat(bus.counts(10)[0]).isEqualTo(1000);
	}

	@Test
	void aHangingListenerIsQuarantinedWhileAnotherKeepsReceiving() throws Exception {
		CountDownLatch hung = new CountDownLatch(1);
		EventListener hanging = event -> {
			hung.countDown();
			Thread.sleep(60_000);
		};
		Recorder other = new Recorder();
		add(hanging, 20, "acme/*", EventListener.TIMEOUT, 200L);
		add(other, 21, "acme/*");

		bus.publish("acme/a", "test", 1);
		assertThat(hung.await(5, TimeUnit.SECONDS)).isTrue();
		for (int i = 2; i <= 50; i++) {
			bus.publish("acme/a", "test", i);
		}

		await("the hanging listener's plugin is quarantined", () -> problems.quarantined.containsKey(20L));
		assertThat(problems.quarantined.get(20L)).isEqualTo("quarantined: event listener "
			+ hanging.getClass().getName() + " took longer than its timeout of 200 ms");
		await("the other listener got every event", () -> other.payloads.size() == 50);
		assertThat(bus.counts(20)[3]).as("dropped when quarantined").isEqualTo(49);
		assertThat(problems.quarantined).doesNotContainKey(21L);
	}

	@Test
	void aFullQueueDropsNewEventsAndCountsThem() throws Exception {
		CountDownLatch release = new CountDownLatch(1);
		Recorder slow = new Recorder() {
			@Override
			public void initialize() throws Exception {
				release.await();
			}
		};
		add(slow, 30, "acme/*", EventListener.QUEUE, 10);

		int queued = 0;
		for (int i = 0; i < 15; i++) {
			queued += bus.publish("acme/x", "test", i);
		}
		release.countDown();

		assertThat(queued).isEqualTo(10);
		await("the queued ten are delivered", () -> slow.payloads.size() == 10);
		assertThat(slow.payloads).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
		assertThat(bus.counts(30)[2]).isEqualTo(5);
		assertThat(bus.metrics(30)).containsExactly(
			"events delivered: 10, failed: 0, dropped (queue full): 5, dropped (plugin stopped): 0");
	}

	@Test
	void aRemovedListenerGetsNothingMoreAndItsQueuedEventsAreDroppedAndCounted() throws Exception {
		CountDownLatch initializing = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		List<String> closed = new CopyOnWriteArrayList<>();
		Recorder stopping = new Recorder() {
			@Override
			public void initialize() throws Exception {
				initializing.countDown();
				release.await();
			}

			@Override
			public void close() {
				closed.add("closed");
			}
		};
		Contribution<EventListener> c = add(stopping, 40, "acme/*");
		for (int i = 0; i < 7; i++) {
			bus.publish("acme/x", "test", i);
		}

		// removed while its initialize runs (before its thread came to it, it is never initialized: see below)
		assertThat(initializing.await(5, TimeUnit.SECONDS)).isTrue();
		Thread remover = new Thread(() -> bus.remove(c.serviceId()));
		remover.start();
		await("the queue is dropped", () -> bus.counts(40)[3] == 7);
		release.countDown();
		remover.join(5000);

		assertThat(bus.publish("acme/x", "test", 99)).isZero();
		assertThat(stopping.payloads).isEmpty();
		assertThat(closed).containsExactly("closed");
		assertThat(bus.metrics(40)).containsExactly(
			"events delivered: 0, failed: 0, dropped (queue full): 0, dropped (plugin stopped): 7");
	}

	@Test
	void initializeThrowingFailsThePluginWithItsMessage() {
		EventListener broken = new EventListener() {
			@Override
			public void initialize() {
				throw new IllegalStateException("failed create bucket, b, response: {\"error\":\"no\"}");
			}

			@Override
			public void handle(Event event) {
			}
		};
		add(broken, 50, "acme/*");

		await("the plugin is failed", () -> problems.quarantined.containsKey(50L));
		assertThat(problems.quarantined.get(50L)).isEqualTo("event listener " + broken.getClass().getName()
			+ " failed to initialize: failed create bucket, b, response: {\"error\":\"no\"}");
	}

	@Test
	void aThrowingListenerIsCountedAndNamedUntilItSucceeds() {
		EventListener flaky = event -> {
			if (event.payload().equals("bad")) {
				throw new IllegalArgumentException("cannot take " + event.payload());
			}
		};
		add(flaky, 60, "acme/*");

		bus.publish("acme/x", "test", "bad");
		await("it is named as failing", () -> problems.failing.containsKey(60L));
		assertThat(problems.failing.get(60L)).isEqualTo("event listener " + flaky.getClass().getName()
			+ " threw: java.lang.IllegalArgumentException: cannot take bad");

		bus.publish("acme/x", "test", "good");
		await("it recovered", () -> !problems.failing.containsKey(60L));
		assertThat(bus.counts(60)).containsExactly(2, 1, 0, 0);
	}

	@Test
	void aListenerWithABadPatternIsReportedAndGetsNothing() {
		Recorder bad = new Recorder();
		add(bad, 70, new String[] { "a/*/b", "ok/*" });
		Recorder none = new Recorder();
		add(none, 71, null);

		assertThat(problems.failing.get(70L)).isEqualTo("event listener " + Recorder.class.getName()
			+ " has 'a/*/b' is not a topic pattern: use a topic (acme/orders), a prefix and '/*' (acme/*) or '*'");
		assertThat(problems.failing.get(71L)).contains("has no topic: set pluginkit.event.topic (@EventTopic)");
		assertThat(bus.publish("ok/x", "test", 1)).as("its valid pattern still counts").isEqualTo(1);
	}

	@Test
	void aPayloadConvertsToTheTypeTheListenerAsksFor() {
		List<SendingEvent> got = new CopyOnWriteArrayList<>();
		add(event -> got.add(event.payload(SendingEvent.class)), 80, SendingEvent.TOPIC);

		bus.publish(SendingEvent.TOPIC, "api", Map.of("handlerId", "h1", "accountId", "a1", "requestId", "r1",
			"events", List.of(Map.of("id", 3L)), "createEventTime", "t0", "endEventTime", "t1"));

		await("the event arrived", () -> got.size() == 1);
		assertThat(got.get(0)).isEqualTo(new SendingEvent("h1", "a1", "r1", List.of(Map.of("id", 3L)), "t0", "t1"));
	}
}
