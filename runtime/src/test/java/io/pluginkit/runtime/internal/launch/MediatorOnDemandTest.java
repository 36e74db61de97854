package io.pluginkit.runtime.internal.launch;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Hashtable;

import org.junit.jupiter.api.Test;

class MediatorOnDemandTest {

	@Test
	void aBundleAsksForMediationWithSpiFlysHeadersOrARequirementOnEitherExtender() {
		assertThat(MediatorOnDemand.needsMediation(headers("SPI-Consumer", "*"))).isTrue();
		assertThat(MediatorOnDemand.needsMediation(headers("SPI-Provider", "*"))).isTrue();
		assertThat(MediatorOnDemand.needsMediation(headers("Require-Capability",
			"osgi.ee;filter:=\"(osgi.ee=JavaSE)\",osgi.extender;filter:=\"(osgi.extender=osgi.serviceloader.processor)\"")))
			.isTrue();
		assertThat(MediatorOnDemand.needsMediation(headers("Require-Capability",
			"osgi.extender;filter:=\"(&(osgi.extender=osgi.serviceloader.registrar)(version>=1.0.0))\";resolution:=optional")))
			.isTrue();
	}

	@Test
	void aPlainPluginDoesNot() {
		assertThat(MediatorOnDemand.needsMediation(headers("Plugin-Name", "helloworld"))).isFalse();
		assertThat(MediatorOnDemand.needsMediation(headers("Require-Capability",
			"osgi.extender;filter:=\"(&(osgi.extender=osgi.component)(version>=1.5.0))\""))).isFalse();
		// offering a service loader capability is not asking for the mediator
		assertThat(MediatorOnDemand.needsMediation(headers("Provide-Capability",
			"osgi.serviceloader;osgi.serviceloader=\"a.B\""))).isFalse();
	}

	private static Hashtable<String, String> headers(String name, String value) {
		Hashtable<String, String> headers = new Hashtable<>();
		headers.put("Bundle-SymbolicName", "some.bundle");
		headers.put(name, value);
		return headers;
	}
}
