package io.pluginkit.runtime.internal.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.ServiceReference;
import org.osgi.service.log.FormatterLogger;
import org.osgi.service.log.LogService;
import org.osgi.service.log.Logger;

class PlatformLogTest {

	private final PlatformLog log = new PlatformLog();

	@Test
	void placeholdersTakeTheArgumentsAndALastExceptionIsTheError() {
		IllegalStateException boom = new IllegalStateException("boom");
		OsgiLogger.Message m = OsgiLogger.message(false, "component {} of {} failed", "a", "b", boom);
		assertThat(m.text()).isEqualTo("component a of b failed");
		assertThat(m.error()).isSameAs(boom);
		assertThat(OsgiLogger.message(false, "no arguments").text()).isEqualTo("no arguments");
		assertThat(OsgiLogger.message(false, "one {}", (Object) null).text()).isEqualTo("one null");
	}

	@Test
	void aLastServiceReferenceIsLeftOutBeforeOrAfterTheException() {
		ServiceReference<?> ref = proxy(ServiceReference.class, 0, null);
		RuntimeException boom = new RuntimeException();
		assertThat(OsgiLogger.message(false, "x={}", 1, ref, boom)).isEqualTo(new OsgiLogger.Message("x=1", boom));
		assertThat(OsgiLogger.message(false, "x={}", 1, boom, ref)).isEqualTo(new OsgiLogger.Message("x=1", boom));
	}

	@Test
	void aFormatterLoggerUsesPrintfAndSaysSoWhenThePatternIsWrong() {
		assertThat(OsgiLogger.message(true, "%s took %d ms", "start", 12).text()).isEqualTo("start took 12 ms");
		assertThat(OsgiLogger.message(true, "%d ms", "not a number").text()).isEqualTo("%d ms [not a number]");
	}

	@Test
	void warningsAndErrorsOfABundleReachTheProblemListenersOthersDoNot() {
		List<Long> heard = new ArrayList<>();
		log.addProblemListener(heard::add);
		Bundle plugin = proxy(Bundle.class, 7, "io.example.plugin");
		LogService service = new BundleLog(plugin, log);
		Logger logger = service.getLogger("io.example.Component");

		logger.info("started");
		logger.debug("details {}", 1);
		assertThat(heard).isEmpty();

		logger.warn("could not get service {}", "x");
		logger.error("activate threw", new IllegalStateException());
		service.log(LogService.LOG_ERROR, "old style");
		assertThat(heard).containsExactly(7L, 7L, 7L);

		new BundleLog(proxy(Bundle.class, 0, "org.apache.felix.framework"), log).getLogger("f").error("framework");
		assertThat(heard).hasSize(3);
	}

	@Test
	void aListenerThatThrowsDoesNotFailTheLoggingBundle() {
		log.addProblemListener(id -> {
			throw new IllegalStateException("listener broke");
		});
		List<Long> heard = new ArrayList<>();
		log.addProblemListener(heard::add);
		new BundleLog(proxy(Bundle.class, 9, "p"), log).getLogger("p").error("oops");
		assertThat(heard).containsExactly(9L);
	}

	@Test
	void theRootLoggerIsNamedAfterTheBundleAndFormatterLoggersAreGiven() {
		Bundle plugin = proxy(Bundle.class, 3, "io.example.plugin");
		BundleLog service = new BundleLog(plugin, log);
		assertThat(service.getLogger(Logger.ROOT_LOGGER_NAME).getName()).isEqualTo("io.example.plugin");
		assertThat(service.getLogger(PlatformLogTest.class).getName()).isEqualTo(PlatformLogTest.class.getName());
		assertThat(service.getLogger("f", FormatterLogger.class)).isInstanceOf(FormatterLogger.class);
		assertThatThrownBy(() -> service.getLogger("x", OtherLogger.class))
			.isInstanceOf(IllegalArgumentException.class).hasMessageContaining("OtherLogger");
	}

	interface OtherLogger extends Logger {
	}

	@SuppressWarnings("unchecked")
	private static <T> T proxy(Class<?> type, long id, String name) {
		return (T) Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] { type }, (p, method, args) -> switch (method.getName()) {
			case "getBundleId" -> id;
			case "getSymbolicName" -> name;
			case "hashCode" -> System.identityHashCode(p);
			case "equals" -> p == args[0];
			case "toString" -> type.getSimpleName() + " " + id;
			default -> null;
		});
	}
}
