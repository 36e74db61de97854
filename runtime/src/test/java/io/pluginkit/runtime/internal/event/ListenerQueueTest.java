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

	/** A listener that records what it was asked: initialize, handle with the payload, close. */
	static final class Calls implements EventListener {
		final List<String> calls = new CopyOnWriteArrayList<>();

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
	}

	/** A queue for {@code listener} on {@code acme/*}, opened and given one event, whose thread runs when the test says. */
	ListenerQueue openedWithOneEvent(EventListener listener, String plugin) {
		ListenerQueue q = new ListenerQueue(new Contribution<>(listener, 1, 40, 0, Map.of()), plugin, List.of("acme/*"),
			10, 1_000, pending::add, new FakeProblems());
		q.open();
		q.offer(new PublishedEvent("acme/x", "test", 1));
		return q;
	}

	@Test
	void aListenerRemovedBeforeItsThreadCameToItIsNeitherInitializedNorClosed() {
		Calls listener = new Calls();
		ListenerQueue q = openedWithOneEvent(listener, "late");

		q.close(1_000); // removed: its thread has not run yet
		pending.forEach(Runnable::run); // and now comes

		assertThat(listener.calls).isEmpty();
		assertThat(q.closed()).isTrue();
	}

	@Test
	void aListenerRemovedAfterItRanIsClosedOnce() {
		Calls listener = new Calls();
		ListenerQueue q = openedWithOneEvent(listener, "on-time");
		while (!pending.isEmpty()) {
			pending.poll().run();
		}

		q.close(1_000);

		assertThat(listener.calls).containsExactly("initialize", "handle 1", "close");
	}
}
