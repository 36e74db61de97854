package io.pluginkit.runtime.internal.registry;

import static io.pluginkit.runtime.internal.registry.RegistrySnapshotTest.info;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.pluginkit.runtime.internal.registry.RegistrySnapshot.Phase;

/** The current snapshot for readers, and plugin state events for listeners, in order, on their own thread. */
class SnapshotPublisherTest {

	private static final int EVENTS = 200;

	private final SnapshotPublisher publisher = new SnapshotPublisher();

	@AfterEach
	void close() {
		publisher.close();
	}

	@Test
	void eventsReachListenersInTheOrderTheyWereEmittedOnAnotherThread() throws InterruptedException {
		List<String> seen = new CopyOnWriteArrayList<>();
		List<Thread> threads = new CopyOnWriteArrayList<>();
		CountDownLatch all = new CountDownLatch(EVENTS);
		publisher.addListener(event -> {
			seen.add(event.cause());
			threads.add(Thread.currentThread());
			all.countDown();
		});

		for (int i = 0; i < EVENTS; i++) {
			publisher.emit(info("alpha", 4, PluginState.ENABLED), info("alpha", 4, PluginState.DISABLED), "change " + i);
		}

		assertThat(all.await(30, TimeUnit.SECONDS)).as("every event delivered").isTrue();
		assertThat(seen).containsExactlyElementsOf(java.util.stream.IntStream.range(0, EVENTS).mapToObj(i -> "change " + i)
			.toList());
		assertThat(threads).doesNotContain(Thread.currentThread()).allSatisfy(t -> assertThat(t).isSameAs(threads.get(0)));
	}

	@Test
	void aListenerThatThrowsDoesNotStopTheOthersNorLaterEvents() throws InterruptedException {
		List<String> second = new CopyOnWriteArrayList<>();
		CountDownLatch all = new CountDownLatch(3);
		publisher.addListener(event -> {
			throw new IllegalStateException("listener broke on purpose");
		});
		publisher.addListener(event -> {
			second.add(event.cause());
			all.countDown();
		});

		publisher.emit(null, info("alpha", 4, PluginState.ENABLED), "installed");
		publisher.emit(info("alpha", 4, PluginState.ENABLED), info("alpha", 4, PluginState.DISABLED), "plugin:disable");
		publisher.emit(info("alpha", 4, PluginState.DISABLED), info("alpha", 4, PluginState.UNINSTALLED), "uninstall");

		assertThat(all.await(30, TimeUnit.SECONDS)).as("every event delivered to the second listener").isTrue();
		assertThat(second).containsExactly("installed", "plugin:disable", "uninstall");
	}

	@Test
	void anEventSaysWhetherTheStateChanged() throws InterruptedException {
		List<PluginStateEvent> events = new CopyOnWriteArrayList<>();
		CountDownLatch all = new CountDownLatch(3);
		publisher.addListener(e -> {
			events.add(e);
			all.countDown();
		});

		publisher.emit(null, info("alpha", 4, PluginState.ENABLED), "installed");
		publisher.emit(info("alpha", 4, PluginState.ENABLED), info("alpha", 4, PluginState.ENABLED, "hook threw"), "hook");
		publisher.emit(info("alpha", 4, PluginState.ENABLED), info("alpha", 4, PluginState.FAILED, "x"), "failed");

		assertThat(all.await(30, TimeUnit.SECONDS)).isTrue();
		assertThat(events).extracting(PluginStateEvent::stateChanged).containsExactly(true, false, true);
		assertThat(events).extracting(PluginStateEvent::name).containsOnly("alpha");
	}

	@Test
	void aRemovedListenerGetsNothingMore() throws InterruptedException {
		List<String> removed = new CopyOnWriteArrayList<>();
		java.util.function.Consumer<PluginStateEvent> listener = e -> removed.add(e.cause());
		CountDownLatch done = new CountDownLatch(1);
		publisher.addListener(listener);
		publisher.removeListener(listener);
		publisher.addListener(e -> done.countDown());

		publisher.emit(null, info("alpha", 4, PluginState.ENABLED), "installed");

		assertThat(done.await(30, TimeUnit.SECONDS)).isTrue();
		assertThat(removed).isEmpty();
	}

	@Test
	void readersSeeTheLastPublishedSnapshotInItsPhase() {
		assertThat(publisher.current().phase()).isEqualTo(Phase.STARTING);
		assertThat(publisher.current().plugins()).isEmpty();

		publisher.publish(List.of(info("beta", 5, PluginState.ENABLED), info("alpha", 4, PluginState.DISABLED)), Map.of());
		publisher.phase(Phase.RUNNING);

		assertThat(publisher.current().phase()).isEqualTo(Phase.RUNNING);
		assertThat(publisher.current().plugins()).extracting(PluginInfo::name).containsExactly("alpha", "beta");

		publisher.publish(List.of(info("alpha", 4, PluginState.ENABLED)), Map.of());

		assertThat(publisher.current().phase()).as("a publish keeps the phase").isEqualTo(Phase.RUNNING);
		assertThat(publisher.current().plugins()).extracting(PluginInfo::state).containsExactly(PluginState.ENABLED);
	}

	@Test
	void aStoppingRuntimeNeverGoesBackToRunning() {
		publisher.phase(Phase.STOPPING);
		publisher.phase(Phase.RUNNING);
		publisher.publish(List.of(), Map.of());

		assertThat(publisher.phase()).isEqualTo(Phase.STOPPING);
	}

	@Test
	void manyPublishRequestsBeforeAPublishNeedOnlyOneQueuedPublish() {
		assertThat(publisher.requestPublish()).isTrue();
		assertThat(publisher.requestPublish()).isFalse();
		assertThat(publisher.requestPublish()).isFalse();

		publisher.publishing();

		assertThat(publisher.requestPublish()).as("a request after the publish started needs another").isTrue();
	}
}
