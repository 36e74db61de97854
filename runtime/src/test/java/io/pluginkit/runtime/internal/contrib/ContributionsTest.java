package io.pluginkit.runtime.internal.contrib;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.osgi.framework.Constants;

class ContributionsTest {

	private final Contributions<String> holder = new Contributions<>();

	private static List<String> services(Contribution<String>[] snapshot) {
		return Arrays.stream(snapshot).map(Contribution::service).toList();
	}

	@Test
	void contributionsAreOrderedByRankingThenInstallOrderThenServiceId() {
		holder.add("late-bundle", new FakeReference(7, 40, 0));
		holder.add("high", new FakeReference(9, 41, 10));
		holder.add("early-bundle-second", new FakeReference(3, 43, 0));
		holder.add("early-bundle-first", new FakeReference(3, 42, 0));
		holder.add("negative", new FakeReference(1, 44, -5));

		assertThat(services(holder.snapshot())).containsExactly("high", "early-bundle-first", "early-bundle-second",
			"late-bundle", "negative");
	}

	@Test
	void aRankingThatIsNotAnIntegerCountsAsZero() {
		holder.add("text-ranking", new FakeReference(1, 10, 0).with(Constants.SERVICE_RANKING, "100"));
		holder.add("ranked", new FakeReference(2, 11, 1));

		assertThat(services(holder.snapshot())).containsExactly("ranked", "text-ranking");
		assertThat(holder.snapshot()[1].ranking()).isZero();
	}

	@Test
	void aContributionCarriesItsKeyItsBundleAndItsProperties() {
		Contribution<String> c = holder.add("audit", new FakeReference(4, 12, 3).with("pluginkit.hook.failure", "open"));

		assertThat(c.serviceId()).isEqualTo(12);
		assertThat(c.bundleId()).isEqualTo(4);
		assertThat(c.ranking()).isEqualTo(3);
		assertThat(c.property("pluginkit.hook.failure")).isEqualTo("open");
		assertThat(c.className()).isEqualTo(String.class.getName());
	}

	@Test
	void updatedPropertiesReorderTheSnapshot() {
		FakeReference moving = new FakeReference(5, 20, 0);
		holder.add("moving", moving);
		holder.add("fixed", new FakeReference(1, 21, 5));
		assertThat(services(holder.snapshot())).containsExactly("fixed", "moving");

		moving.with(Constants.SERVICE_RANKING, 10).with("colour", "blue");
		Contribution<String> now = holder.updated(moving);

		assertThat(services(holder.snapshot())).containsExactly("moving", "fixed");
		assertThat(now.ranking()).isEqualTo(10);
		assertThat(now.property("colour")).isEqualTo("blue");
	}

	@Test
	void anUpdateOfAnUnknownServiceChangesNothing() {
		holder.add("kept", new FakeReference(1, 30, 0));
		Contribution<String>[] before = holder.snapshot();

		assertThat(holder.updated(new FakeReference(1, 31, 9))).isNull();
		assertThat(holder.snapshot()).isSameAs(before);
	}

	@Test
	void removeTakesTheServiceByItsServiceIdAndKeepsTheOrder() {
		holder.add("a", new FakeReference(1, 1, 0));
		FakeReference b = new FakeReference(2, 2, 0);
		holder.add("b", b);
		holder.add("c", new FakeReference(3, 3, 0));

		assertThat(holder.remove(b).service()).isEqualTo("b");
		assertThat(services(holder.snapshot())).containsExactly("a", "c");
		assertThat(holder.remove(b)).as("removed twice").isNull();
		assertThat(holder.remove(1).service()).isEqualTo("a");
		assertThat(holder.remove(3).service()).isEqualTo("c");
		assertThat(holder.snapshot()).isEmpty();
		assertThat(holder.size()).isZero();
	}

	@Test
	void addingTheSameServiceIdAgainReplacesIt() {
		holder.add("first", new FakeReference(1, 50, 0));
		holder.add("again", new FakeReference(1, 50, 0));

		assertThat(services(holder.snapshot())).containsExactly("again");
	}

	@Test
	void aSnapshotTakenBeforeAChangeStaysAsItWas() {
		holder.add("a", new FakeReference(1, 1, 0));
		Contribution<String>[] taken = holder.snapshot();

		holder.add("b", new FakeReference(2, 2, 9));
		holder.remove(1);

		assertThat(services(taken)).containsExactly("a");
		assertThat(services(holder.snapshot())).containsExactly("b");
		assertThat(holder.snapshot()).isNotSameAs(taken);
	}

	@Test
	void ofBundleListsOneBundlesContributionsInOrder() {
		holder.add("other", new FakeReference(2, 1, 0));
		holder.add("low", new FakeReference(1, 2, 0));
		holder.add("high", new FakeReference(1, 3, 5));

		assertThat(holder.ofBundle(1)).extracting(Contribution::service).containsExactly("high", "low");
		assertThat(holder.ofBundle(9)).isEmpty();
	}

	@Test
	void readersSeeOnlyCompleteSortedSnapshotsWhileWritersChangeIt() throws Exception {
		ExecutorService pool = Executors.newFixedThreadPool(2);
		try {
			CountDownLatch go = new CountDownLatch(1);
			Future<?> writer = pool.submit(() -> {
				go.await();
				for (int i = 0; i < 2_000; i++) {
					FakeReference ref = new FakeReference(i % 7, 1_000 + i, i % 3);
					holder.add("s" + i, ref);
					if (i % 2 == 0) {
						holder.remove(ref);
					}
				}
				return null;
			});
			Future<Integer> reader = pool.submit(() -> {
				go.await();
				int checked = 0;
				do {
					Contribution<String>[] s = holder.snapshot();
					for (int i = 1; i < s.length; i++) {
						assertThat(Contribution.ORDER.compare(s[i - 1], s[i])).isNegative();
					}
					checked++;
				} while (!writer.isDone());
				return checked;
			});
			go.countDown();
			writer.get(30, TimeUnit.SECONDS);
			assertThat(reader.get(30, TimeUnit.SECONDS)).isPositive();
			assertThat(holder.size()).isEqualTo(1_000);
		} finally {
			pool.shutdownNow();
		}
	}
}
