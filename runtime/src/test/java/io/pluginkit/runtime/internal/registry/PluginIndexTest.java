package io.pluginkit.runtime.internal.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Hashtable;

import org.junit.jupiter.api.Test;
import org.osgi.framework.Version;

import io.pluginkit.runtime.internal.registry.PluginException.Kind;

/** The plugins by bundle id and by name, and how a name a user typed is found or not. */
class PluginIndexTest {

	private final PluginIndex index = new PluginIndex();

	@Test
	void aPluginIsFoundByNameOrByBundleId() throws PluginException {
		PluginEntry alpha = index.put(entry(4, "alpha", true));
		index.put(entry(5, "beta", true));

		assertThat(index.find("alpha", false)).isSameAs(alpha);
		assertThat(index.find(" alpha ", false)).isSameAs(alpha);
		assertThat(index.find("4", true)).isSameAs(alpha);
	}

	@Test
	void byNameTheValidPluginComesBeforeAnInvalidOneInstalledEarlier() throws PluginException {
		index.put(entry(4, "twin", false));
		PluginEntry valid = index.put(entry(9, "twin", true));

		assertThat(index.find("twin", false)).isSameAs(valid);
		assertThat(index.owner("twin", -1)).containsSame(valid);
		assertThat(index.owner("twin", 9)).isEmpty();
		assertThat(index.named("twin")).extracting(e -> e.bundleId).containsExactly(4L, 9L);
	}

	@Test
	void aPluginWithInvalidMetadataIsStillFoundByItsName() throws PluginException {
		PluginEntry invalid = index.put(entry(4, "anonymous", false));

		assertThat(index.find("anonymous", false)).isSameAs(invalid);
		assertThat(index.owner("anonymous", -1)).isEmpty();
	}

	@Test
	void anUnknownPluginIsReportedWithTheInstalledOnesSorted() {
		index.put(entry(4, "gamma", true));
		index.put(entry(5, "alpha", true));
		index.put(entry(6, "beta", false));
		index.put(entry(7, "Bad Name", false));

		assertThatThrownBy(() -> index.find("x", false)).isInstanceOf(PluginException.class)
			.hasMessage("plugin 'x' not found; installed: alpha, beta, gamma")
			.satisfies(e -> assertThat(((PluginException) e).kind()).isEqualTo(Kind.NOT_FOUND));
	}

	@Test
	void withNothingInstalledTheMessageSaysNone() {
		assertThatThrownBy(() -> index.find("x", false)).hasMessage("plugin 'x' not found; installed: none");
	}

	@Test
	void aLibrarysBundleIdIsReportedAsALibraryNotAPlugin() {
		index.put(entry(4, "alpha", true));

		assertThatThrownBy(() -> index.find("12", true)).isInstanceOf(PluginException.class)
			.hasMessage("bundle 12 is a library, not a plugin; plugins: alpha");
		// an id of no bundle at all is just not found
		assertThatThrownBy(() -> index.find("13", false)).hasMessage("plugin '13' not found; installed: alpha");
	}

	@Test
	void aHugeNameTypedByAUserIsCutInTheMessage() {
		String huge = "x".repeat(1 << 20);

		assertThatThrownBy(() -> index.find(huge, false)).satisfies(e -> assertThat(e.getMessage())
			.hasSizeLessThan(300)
			.startsWith("plugin 'xxxx")
			.contains("(1048576 characters)")
			.endsWith("not found; installed: none"));
	}

	@Test
	void entriesAreKeptInInstallOrderAndRemovedById() {
		index.put(entry(9, "late", true));
		index.put(entry(2, "early", true));

		assertThat(index.all()).extracting(e -> e.bundleId).containsExactly(2L, 9L);
		assertThat(index.contains(9)).isTrue();

		assertThat(index.remove(9)).isNotNull();

		assertThat(index.contains(9)).isFalse();
		assertThat(index.get(9)).isNull();
		assertThat(index.names()).isEqualTo("early");
	}

	static PluginEntry entry(long id, String name, boolean valid) {
		Hashtable<String, String> h = new Hashtable<>();
		h.put("Bundle-Version", "1.0.0");
		h.put("Plugin-Name", name);
		if (valid) {
			h.put("Plugin-Author", "Jane Doe");
		}
		PluginMetadata m = PluginMetadata.read(h, path -> false, Version.parseVersion("1.0.0"));
		return new PluginEntry(id, m);
	}
}
