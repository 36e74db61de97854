package io.pluginkit.runtime.internal.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Hashtable;
import java.util.Locale;
import java.util.Set;
import java.util.function.Predicate;

import org.junit.jupiter.api.Test;
import org.osgi.framework.Version;

class PluginMetadataTest {

	private static final Version RUNTIME = Version.parseVersion("1.0.0.SNAPSHOT");
	private static final Predicate<String> NO_ENTRIES = path -> false;

	@Test
	void completeHeadersAreReadWithoutProblem() {
		Hashtable<String, String> h = valid();
		h.put("Plugin-Description", "Serves tea");
		h.put("Plugin-Url", "https://example.org/teapot");
		h.put("Plugin-License", "Apache-2.0");
		h.put("Plugin-License-File", "LICENSE.txt");
		h.put("Plugin-Readme-File", "README.md");
		h.put("Plugin-State", "disabled");
		h.put("Plugin-Requires", "[1.0,2)");

		PluginMetadata m = PluginMetadata.read(h, Set.of("LICENSE.txt", "README.md")::contains, RUNTIME);

		assertThat(m.problem()).isNull();
		assertThat(m.name()).isEqualTo("teapot");
		assertThat(m.author()).isEqualTo("Jane Doe");
		assertThat(m.version()).isEqualTo("1.2.3");
		assertThat(m.description()).isEqualTo("Serves tea");
		assertThat(m.url()).isEqualTo("https://example.org/teapot");
		assertThat(m.license()).isEqualTo("Apache-2.0");
		assertThat(m.licenseFile()).isEqualTo("LICENSE.txt");
		assertThat(m.readmeFile()).isEqualTo("README.md");
		assertThat(m.enabledByDefault()).isFalse();
		assertThat(m.requires()).isEqualTo("[1.0,2)");
	}

	@Test
	void onlyABundleWithPluginNameIsAPlugin() {
		Hashtable<String, String> library = new Hashtable<>();
		library.put("Bundle-SymbolicName", "org.example.lib");

		assertThat(PluginMetadata.isPlugin(valid())).isTrue();
		assertThat(PluginMetadata.isPlugin(library)).isFalse();
	}

	@Test
	void valuesAreTrimmedAndBlankOptionalHeadersCountAsAbsent() {
		Hashtable<String, String> h = valid();
		h.put("Plugin-Name", "  teapot ");
		h.put("Plugin-Description", "   ");

		PluginMetadata m = read(h);

		assertThat(m.problem()).isNull();
		assertThat(m.name()).isEqualTo("teapot");
		assertThat(m.description()).isNull();
	}

	@Test
	void aPluginIsEnabledByDefaultWithoutPluginState() {
		assertThat(read(valid()).enabledByDefault()).isTrue();
	}

	@Test
	void pluginStateIsCaseInsensitive() {
		Hashtable<String, String> h = valid();
		h.put("Plugin-State", "Disabled");

		assertThat(read(h).problem()).isNull();
		assertThat(read(h).enabledByDefault()).isFalse();
	}

	@Test
	void pluginStateIsReadTheSameWhateverTheDefaultLocale() {
		Locale before = Locale.getDefault();
		try {
			// in Turkish, "I".toLowerCase() is a dotless "ı"
			Locale.setDefault(Locale.forLanguageTag("tr-TR"));
			Hashtable<String, String> h = valid();
			h.put("Plugin-State", "DISABLED");

			PluginMetadata m = read(h);

			assertThat(m.problem()).isNull();
			assertThat(m.enabledByDefault()).isFalse();
		} finally {
			Locale.setDefault(before);
		}
	}

	@Test
	void namesFollowThePatternOfTheDesign() {
		for (String good : new String[] { "a", "teapot", "event-sender", "my_plugin.v2", "a" + "b".repeat(63) }) {
			Hashtable<String, String> h = valid();
			h.put("Plugin-Name", good);
			assertThat(read(h).problem()).as(good).isNull();
		}
	}

	@Test
	void aBadNameIsReportedWithTheHeaderTheValueAndThePattern() {
		for (String bad : new String[] { "Teapot", "1teapot", "tea pot", "-teapot", "tea/pot", "a" + "b".repeat(64) }) {
			Hashtable<String, String> h = valid();
			h.put("Plugin-Name", bad);

			assertThat(read(h).problem()).as(bad)
				.contains("Plugin-Name '" + bad + "'")
				.contains("[a-z][a-z0-9._-]{0,63}");
		}
	}

	@Test
	void aBlankNameIsReported() {
		Hashtable<String, String> h = valid();
		h.put("Plugin-Name", "  ");

		assertThat(read(h).problem()).contains("Plugin-Name ''").contains("invalid");
	}

	@Test
	void aMissingAuthorIsReported() {
		Hashtable<String, String> h = valid();
		h.remove("Plugin-Author");

		assertThat(read(h).problem()).contains("Plugin-Author is missing");
	}

	@Test
	void aMissingBundleVersionIsReported() {
		Hashtable<String, String> h = valid();
		h.remove("Bundle-Version");

		assertThat(read(h).problem()).contains("Bundle-Version is missing");
	}

	@Test
	void aBundleVersionThatIsNotAnOsgiVersionIsReportedWithItsValue() {
		for (String bad : new String[] { "1.x", "v1.0", "1.2.3-SNAPSHOT", "1..2" }) {
			Hashtable<String, String> h = valid();
			h.put("Bundle-Version", bad);

			assertThat(read(h).problem()).as(bad).contains("Bundle-Version '" + bad + "'");
		}
	}

	@Test
	void osgiVersionsWithAQualifierAreValid() {
		Hashtable<String, String> h = valid();
		h.put("Bundle-Version", "1.2.3.202611230000");

		assertThat(read(h).problem()).isNull();
	}

	@Test
	void anUnknownPluginStateIsReportedWithItsValue() {
		Hashtable<String, String> h = valid();
		h.put("Plugin-State", "paused");

		assertThat(read(h).problem()).contains("Plugin-State 'paused'").contains("enabled or disabled");
	}

	@Test
	void aRequiredRangeThatExcludesThisRuntimeIsReportedWithBothVersions() {
		Hashtable<String, String> h = valid();
		h.put("Plugin-Requires", "[2.0,3)");

		assertThat(read(h).problem()).contains("Plugin-Requires '[2.0,3)'").contains("1.0.0");
	}

	@Test
	void aRequiredRangeThatIncludesThisRuntimeIsFine() {
		for (String range : new String[] { "[1.0,2)", "1.0", "[1.0.0.SNAPSHOT,1.0.0.SNAPSHOT]", "[0.9,1.1)" }) {
			Hashtable<String, String> h = valid();
			h.put("Plugin-Requires", range);

			assertThat(read(h).problem()).as(range).isNull();
		}
	}

	@Test
	void aRequiredRangeThatIsNotARangeIsReportedWithItsValue() {
		Hashtable<String, String> h = valid();
		h.put("Plugin-Requires", ">=1.0");

		assertThat(read(h).problem()).contains("Plugin-Requires '>=1.0'").contains("version range");
	}

	@Test
	void aReadmeOrLicenseFileMissingFromTheBundleIsReportedWithItsPath() {
		Hashtable<String, String> h = valid();
		h.put("Plugin-Readme-File", "docs/README.md");
		h.put("Plugin-License-File", "LICENSE");

		String problem = PluginMetadata.read(h, NO_ENTRIES, RUNTIME).problem();

		assertThat(problem).contains("Plugin-Readme-File 'docs/README.md'").contains("Plugin-License-File 'LICENSE'");
	}

	@Test
	void everyProblemIsReportedAtOnce() {
		Hashtable<String, String> h = valid();
		h.put("Plugin-Name", "Bad Name");
		h.remove("Plugin-Author");
		h.put("Plugin-State", "maybe");

		assertThat(read(h).problem().split("; ")).hasSize(3);
	}

	@Test
	void badMetadataStillKeepsWhatCouldBeRead() {
		Hashtable<String, String> h = valid();
		h.remove("Plugin-Author");

		PluginMetadata m = read(h);

		assertThat(m.name()).isEqualTo("teapot");
		assertThat(m.version()).isEqualTo("1.2.3");
	}

	@Test
	void aProblemFoundLaterIsAddedToTheOthers() {
		Hashtable<String, String> h = valid();
		h.remove("Plugin-Author");

		PluginMetadata m = read(h).withProblem("Plugin-Name 'teapot' is already used by bundle 7");

		assertThat(m.problem()).contains("Plugin-Author is missing").endsWith("; Plugin-Name 'teapot' is already used by bundle 7");
		assertThat(read(valid()).withProblem("x").problem()).isEqualTo("x");
	}

	@Test
	void aHugePluginNameIsCutInTheProblemText() {
		String huge = "Plugin" + "x".repeat((1 << 20) - 6);
		Hashtable<String, String> h = valid();
		h.put("Plugin-Name", huge);

		String problem = read(h).problem();

		assertThat(problem).hasSizeLessThan(300)
			.startsWith("Plugin-Name 'Pluginxxx")
			.contains("\u2026 (1048576 characters)'")
			.contains("[a-z][a-z0-9._-]{0,63}");
	}

	@Test
	void cutKeepsShortValuesAndCutsLongOnesToEightyCharacters() {
		assertThat(PluginMetadata.cut(null)).isNull();
		assertThat(PluginMetadata.cut("x".repeat(80))).isEqualTo("x".repeat(80));
		assertThat(PluginMetadata.cut("x".repeat(81))).isEqualTo("x".repeat(79) + "\u2026 (81 characters)");
	}

	@Test
	void pluginNameAloneSaysTheAnnotationProcessorDidNotRunAndHowToFixItOnNewJdks() {
		Hashtable<String, String> h = new Hashtable<>();
		h.put("Bundle-SymbolicName", "io.pluginkit.sample.teapot");
		h.put("Bundle-Version", "1.2.3");
		h.put("Plugin-Name", "teapot");

		String problem = read(h).problem();

		assertThat(problem).startsWith("Plugin-Author is missing")
			.contains("@Plugin annotation processor")
			.contains("did not run")
			.contains("<proc>full</proc>");
	}

	@Test
	void aMissingAuthorAloneDoesNotBlameTheProcessorWhenItsOtherHeadersAreThere() {
		Hashtable<String, String> h = valid();
		h.remove("Plugin-Author");
		h.put("Plugin-Description", "Serves tea");

		assertThat(read(h).problem()).isEqualTo("Plugin-Author is missing: every plugin names its author");
	}

	private static PluginMetadata read(Hashtable<String, String> headers) {
		return PluginMetadata.read(headers, NO_ENTRIES, RUNTIME);
	}

	private static Hashtable<String, String> valid() {
		Hashtable<String, String> h = new Hashtable<>();
		h.put("Bundle-SymbolicName", "io.pluginkit.sample.teapot");
		h.put("Bundle-Version", "1.2.3");
		h.put("Plugin-Name", "teapot");
		h.put("Plugin-Author", "Jane Doe");
		return h;
	}
}
