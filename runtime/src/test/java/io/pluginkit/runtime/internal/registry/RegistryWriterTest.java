package io.pluginkit.runtime.internal.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.pluginkit.runtime.internal.registry.PluginException.Kind;

/** The one thread that changes plugin state: commands wait for it, and what it throws reaches them. */
class RegistryWriterTest {

	private final RegistryWriter writer = new RegistryWriter();

	@AfterEach
	void shutdown() {
		writer.shutdown();
	}

	@Test
	void aCommandRunsOnTheWriterThreadAndItsResultComesBack() throws PluginException {
		Thread caller = Thread.currentThread();

		Thread ranOn = writer.call(() -> {
			assertThat(writer.isWriterThread()).isTrue();
			return Thread.currentThread();
		});

		assertThat(ranOn).isNotSameAs(caller);
		assertThat(ranOn.getName()).isEqualTo("pluginkit-registry");
		assertThat(writer.isWriterThread()).isFalse();
		assertThat(writer.call(() -> Thread.currentThread())).as("always the same thread").isSameAs(ranOn);
	}

	@Test
	void aCommandCalledFromTheWriterItselfRunsAtOnceInsteadOfWaitingForItself() throws PluginException {
		String result = writer.call(() -> {
			Thread outer = Thread.currentThread();
			return writer.call(() -> {
				assertThat(Thread.currentThread()).isSameAs(outer);
				return "inner";
			}) + " in outer";
		});

		assertThat(result).isEqualTo("inner in outer");
	}

	@Test
	void aPluginExceptionReachesTheCallerAsItWasThrown() {
		PluginException thrown = new PluginException(Kind.CONFLICT, "plugin 'alpha' is already installed");

		assertThatThrownBy(() -> writer.call(() -> {
			throw thrown;
		})).isSameAs(thrown);
	}

	@Test
	void aRuntimeExceptionReachesTheCallerAsItWasThrown() {
		IllegalStateException thrown = new IllegalStateException("bug");

		assertThatThrownBy(() -> writer.call(() -> {
			throw thrown;
		})).isSameAs(thrown);
	}

	@Test
	void aFailingCommandDoesNotStopTheWriter() throws PluginException {
		assertThatThrownBy(() -> writer.call(() -> {
			throw new IllegalStateException("bug");
		})).isInstanceOf(IllegalStateException.class);
		writer.execute(() -> {
			throw new IllegalStateException("queued work broke too");
		});

		assertThat(writer.call(() -> "still here")).isEqualTo("still here");
	}

	@Test
	void queuedWorkAndCommandsRunOneAtATimeInTheOrderTheyCame() throws Exception {
		List<Integer> order = new CopyOnWriteArrayList<>();
		CountDownLatch release = new CountDownLatch(1);
		writer.execute(() -> {
			try {
				release.await(30, TimeUnit.SECONDS);
			} catch (InterruptedException e) {
				Thread.currentThread().interrupt();
			}
			order.add(0);
		});
		for (int i = 1; i <= 50; i++) {
			int n = i;
			writer.execute(() -> order.add(n));
		}
		release.countDown();

		writer.call(() -> order.add(51));

		assertThat(order).containsExactlyElementsOf(java.util.stream.IntStream.rangeClosed(0, 51).boxed().toList());
	}

	@Test
	void aCommandAfterShutdownIsRefusedSayingNothingChanged() {
		writer.shutdown();

		assertThatThrownBy(() -> writer.call(() -> "too late")).isInstanceOf(PluginException.class)
			.hasMessage("PluginKit is stopping; nothing was changed");
		writer.execute(() -> {
			throw new AssertionError("must not run after shutdown");
		});
	}
}
