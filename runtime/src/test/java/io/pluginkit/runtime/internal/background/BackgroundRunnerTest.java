package io.pluginkit.runtime.internal.background;

import static io.pluginkit.runtime.internal.event.FakeProblems.await;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import io.pluginkit.api.background.BackgroundContext;
import io.pluginkit.api.background.BackgroundService;
import io.pluginkit.runtime.internal.event.FakeProblems;

class BackgroundRunnerTest {

	final FakeProblems problems = new FakeProblems();

	BackgroundRunner runner(BackgroundService service, long backoffMillis) {
		return new BackgroundRunner(service, service.getClass().getName(), "teapot", 5, problems, backoffMillis, 8 * backoffMillis);
	}

	@Test
	void aServiceRunsOnItsOwnThreadAndStopsWithinTheWaitWhenCancelled() throws Exception {
		List<String> calls = new CopyOnWriteArrayList<>();
		CountDownLatch running = new CountDownLatch(1);
		BackgroundService heater = new BackgroundService() {
			@Override
			public void initialize() {
				calls.add("initialize");
			}

			@Override
			public void start(BackgroundContext context) {
				calls.add("start on " + Thread.currentThread().getName());
				running.countDown();
				while (context.sleep(Duration.ofSeconds(1))) {
					calls.add("tick");
				}
			}

			@Override
			public void close() {
				calls.add("close");
			}
		};
		BackgroundRunner r = runner(heater, 100);
		r.start();
		assertThat(running.await(5, TimeUnit.SECONDS)).isTrue();

		long began = System.nanoTime();
		assertThat(r.stop(1000)).isNull();

		assertThat(System.nanoTime() - began).isLessThan(TimeUnit.MILLISECONDS.toNanos(1000));
		assertThat(calls).containsExactly("initialize", "start on pluginkit-background-teapot-" + heater.getClass().getName().substring(heater.getClass().getName().lastIndexOf('.') + 1), "close");
		assertThat(r.state()).isEqualTo(BackgroundRunner.State.STOPPED);
	}

	@Test
	void aCrashRestartsWithABackoffThatDoublesAndIsShownWithTheLastError() {
		AtomicInteger starts = new AtomicInteger();
		List<Long> at = new CopyOnWriteArrayList<>();
		BackgroundService crashing = context -> {
			at.add(System.nanoTime());
			throw new IllegalStateException("boom " + starts.incrementAndGet());
		};
		BackgroundRunner r = runner(crashing, 50);
		r.start();

		await("four starts", () -> starts.get() >= 4);
		r.stop(1000);

		assertThat(at.get(1) - at.get(0)).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(50));
		assertThat(at.get(2) - at.get(1)).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(100));
		assertThat(at.get(3) - at.get(2)).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(200));
		assertThat(r.restarts()).isGreaterThanOrEqualTo(3);
		assertThat(r.describe()).startsWith("background service " + crashing.getClass().getName() + ": STOPPED, restarts ")
			.contains(", last error: java.lang.IllegalStateException: boom ");
		assertThat(problems.failing).as("recovered when stopped").isEmpty();
	}

	@Test
	void aCrashNamesThePluginAsFailing() {
		CountDownLatch never = new CountDownLatch(1);
		BackgroundRunner r = runner(context -> {
			throw new IllegalStateException("no water");
		}, 60_000);
		r.start();

		await("the plugin is named", () -> problems.failing.containsKey(5L));
		assertThat(problems.failing.get(5L)).endsWith(" crashed: java.lang.IllegalStateException: no water");
		assertThat(r.state()).isEqualTo(BackgroundRunner.State.BACKING_OFF);
		r.stop(1000);
		never.countDown();
	}

	@Test
	void initializeThrowingFailsThePluginWithTheReasonAndStartIsNeverCalled() {
		List<String> calls = new CopyOnWriteArrayList<>();
		BackgroundService broken = new BackgroundService() {
			@Override
			public void initialize() {
				throw new IllegalStateException("failed create bucket, plugin_test_bucket, response: {}");
			}

			@Override
			public void start(BackgroundContext context) {
				calls.add("start");
			}
		};
		runner(broken, 10).start();

		await("the plugin is failed", () -> problems.quarantined.containsKey(5L));
		assertThat(problems.quarantined.get(5L)).isEqualTo("background service " + broken.getClass().getName()
			+ " failed to initialize: failed create bucket, plugin_test_bucket, response: {}");
		assertThat(calls).isEmpty();
	}

	@Test
	void aServiceThatIgnoresInterruptionIsReportedNotWaitedOnForever() throws Exception {
		CountDownLatch running = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		BackgroundService stubborn = new BackgroundService() {
			@Override
			public void start(BackgroundContext context) {
				running.countDown();
				while (release.getCount() > 0) {
					try {
						release.await();
					} catch (InterruptedException e) {
						// ignored, on purpose
					}
				}
			}

			@Override
			public void close() throws InterruptedException {
				new CountDownLatch(1).await(); // never returns from close either
			}
		};
		BackgroundRunner r = runner(stubborn, 10);
		r.start();
		assertThat(running.await(5, TimeUnit.SECONDS)).isTrue();

		long began = System.nanoTime();
		String left = r.stop(200);

		assertThat(System.nanoTime() - began).isLessThan(TimeUnit.SECONDS.toNanos(2));
		assertThat(left).isEqualTo("background service " + stubborn.getClass().getName()
			+ " ignored the interruption: still running 200 ms after its plugin stopped; left behind; background service "
			+ stubborn.getClass().getName() + " did not return from close() within 200 ms; left behind");
		assertThat(r.state()).isEqualTo(BackgroundRunner.State.LEFT_BEHIND);
		release.countDown();
	}
}
