package io.pluginkit.runtime.internal.event;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;

import io.pluginkit.api.event.Event;
import io.pluginkit.api.event.EventListener;
import io.pluginkit.runtime.internal.contrib.Contribution;

class ListenerQueueTest {

	/** Runs what it was given only when the test says so: the listener's thread "comes late". */
	final Queue<Runnable> pending = new ArrayDeque<>();

	@Test
	void aListenerRemovedBeforeItsThreadCameToItIsNeitherInitializedNorClosed() {
		List<String> calls = new CopyOnWriteArrayList<>();
		EventListener listener = new EventListener() {
			@Override
			public void initialize() {
				calls.add("initialize");
			}

			@Override
			public void handle(Event event) {
				calls.add("handle");
			}

			@Override
			public void close() {
				calls.add("close");
			}
		};
		ListenerQueue q = new ListenerQueue(new Contribution<>(listener, 1, 40, 0, Map.of()), "late", List.of("acme/*"),
			10, 1_000, pending::add, new FakeProblems());
		q.open();
		q.offer(new PublishedEvent("acme/x", "test", 1));

		q.close(1_000); // removed: its thread has not run yet
		pending.forEach(Runnable::run); // and now comes

		assertThat(calls).isEmpty();
		assertThat(q.closed()).isTrue();
	}

	@Test
	void aListenerRemovedAfterItRanIsClosedOnce() {
		List<String> calls = new CopyOnWriteArrayList<>();
		EventListener listener = new EventListener() {
			@Override
			public void initialize() {
				calls.add("initialize");
			}

			@Override
			public void handle(Event event) {
				calls.add("handle " + event.payload());
			}

			@Override
			public void close() {
				calls.add("close");
			}
		};
		ListenerQueue q = new ListenerQueue(new Contribution<>(listener, 1, 40, 0, Map.of()), "on-time", List.of("acme/*"),
			10, 1_000, pending::add, new FakeProblems());
		q.open();
		q.offer(new PublishedEvent("acme/x", "test", 1));
		while (!pending.isEmpty()) {
			pending.poll().run();
		}

		q.close(1_000);

		assertThat(calls).containsExactly("initialize", "handle 1", "close");
	}
}
