package io.pluginkit.bench.pf4j;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;

import org.pf4j.JarPluginManager;
import org.pf4j.PluginManager;
import org.pf4j.PluginState;
import org.pf4j.PluginWrapper;

/**
 * The PF4J peer: {@code java -cp target/classes:target/lib/* io.pluginkit.bench.pf4j.Host <plugins folder>} loads
 * every plugin jar of the folder with a {@link JarPluginManager}, starts them, creates each one's
 * {@link Greeting} extension (as SCR activates each plugin's component), prints one line
 * ({@code PF4J: N plugins STARTED, E extensions (load X ms, start Y ms, extensions Z ms)}), then runs until
 * it is stopped, as a server would.
 */
public final class Host {

	private Host() {
	}

	public static void main(String[] args) throws InterruptedException {
		Path plugins = Path.of(args.length > 0 ? args[0] : "plugins");
		long t0 = System.nanoTime();
		PluginManager manager = new JarPluginManager(plugins);
		manager.loadPlugins();
		long t1 = System.nanoTime();
		manager.startPlugins();
		long t2 = System.nanoTime();
		List<Greeting> greetings = manager.getExtensions(Greeting.class);
		long t3 = System.nanoTime();
		long started = manager.getPlugins().stream().map(PluginWrapper::getPluginState)
			.filter(PluginState.STARTED::equals).count();
		System.out.println("PF4J: " + started + " plugins STARTED, " + greetings.size() + " extensions (load "
			+ (t1 - t0) / 1_000_000 + " ms, start " + (t2 - t1) / 1_000_000 + " ms, extensions "
			+ (t3 - t2) / 1_000_000 + " ms)");
		System.out.flush();
		new CountDownLatch(1).await();
	}
}
