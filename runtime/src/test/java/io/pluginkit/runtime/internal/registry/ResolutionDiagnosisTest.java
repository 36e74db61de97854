package io.pluginkit.runtime.internal.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.osgi.framework.wiring.BundleCapability;
import org.osgi.framework.wiring.BundleRequirement;
import org.osgi.framework.wiring.BundleRevision;
import org.osgi.resource.Namespace;

/** Why a bundle does not resolve, in a user's words. */
class ResolutionDiagnosisTest {

	private static final String RUNNING = "PluginKit runs on Java " + Runtime.version().feature();

	@Test
	void aPluginBuiltForANewerJavaSaysSoAndHowToBuildIt() {
		String reason = ResolutionDiagnosis.javaVersion(requirement("osgi.ee", "(&(osgi.ee=JavaSE)(version=99))"));

		assertThat(reason).isEqualTo("it was compiled for Java 99, but " + RUNNING
			+ " and supports plugins built for Java 17; build it with --release 17 (maven.compiler.release)");
	}

	@Test
	void aVersionWrittenWithATrailingZeroIsShownAsTheJavaRelease() {
		assertThat(ResolutionDiagnosis.javaVersion(requirement("osgi.ee", "(&(osgi.ee=JavaSE)(version=99.0))")))
			.startsWith("it was compiled for Java 99, but");
	}

	@Test
	void anUnknownExecutionEnvironmentIsANewerJavaThanTheRuntimeKnows() {
		String reason = ResolutionDiagnosis.javaVersion(requirement("osgi.ee", "(osgi.ee=UNKNOWN)"));

		assertThat(reason).contains("compiled for a newer Java than this runtime knows (osgi.ee=UNKNOWN)")
			.contains(RUNNING)
			.contains("--release 17")
			.doesNotContain("install a bundle");
	}

	@Test
	void anotherExecutionEnvironmentIsNamedByItsFilter() {
		assertThat(ResolutionDiagnosis.javaVersion(requirement("osgi.ee", "(osgi.ee=JavaME)")))
			.startsWith("it was compiled for another Java ((osgi.ee=JavaME)), but");
	}

	@Test
	void aMissingPackageIsNamedWithItsVersionRange() {
		assertThat(ResolutionDiagnosis.describe(requirement("osgi.wiring.package",
			"(&(osgi.wiring.package=com.example.missing)(version>=1.2.0)(!(version>=2.0.0)))")))
			.isEqualTo("package com.example.missing [1.2.0,2.0.0)");
		assertThat(ResolutionDiagnosis.describe(requirement("osgi.wiring.package",
			"(&(osgi.wiring.package=com.example.any)(version>=1.0.0))"))).isEqualTo("package com.example.any [1.0.0,)");
		assertThat(ResolutionDiagnosis.describe(requirement("osgi.wiring.package", "(osgi.wiring.package=com.example)")))
			.isEqualTo("package com.example");
	}

	@Test
	void anotherRequirementIsNamedByItsNamespaceAndFilter() {
		assertThat(ResolutionDiagnosis.describe(requirement("osgi.extender", "(osgi.extender=osgi.component)")))
			.isEqualTo("requirement osgi.extender (osgi.extender=osgi.component)");
	}

	/** A requirement as the framework gives it, reduced to what the diagnosis reads. */
	private static BundleRequirement requirement(String namespace, String filter) {
		return new BundleRequirement() {
			@Override
			public String getNamespace() {
				return namespace;
			}

			@Override
			public Map<String, String> getDirectives() {
				return Map.of(Namespace.REQUIREMENT_FILTER_DIRECTIVE, filter);
			}

			@Override
			public Map<String, Object> getAttributes() {
				return Map.of();
			}

			@Override
			public BundleRevision getRevision() {
				return null;
			}

			@Override
			public BundleRevision getResource() {
				return null;
			}

			@Override
			public boolean matches(BundleCapability capability) {
				return false;
			}
		};
	}
}
