package io.pluginkit.runtime.internal.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.Proxy;
import java.net.MalformedURLException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Hashtable;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Bundle;

/** What the registry reads from a plugin's component descriptors, and when it must ask SCR about it. */
class ComponentOutlineTest {

	@TempDir
	Path root;

	@Test
	void aBundleWithoutComponentsHasNothingToWaitFor() {
		ComponentDiagnosis.Outline outline = ComponentDiagnosis.outline(bundle(null));
		assertThat(outline.references()).isEmpty();
		assertThat(outline.mayWait()).isFalse();
	}

	@Test
	void componentsWithoutReferencesOrRequiredConfigurationCannotBeHeldBack() throws IOException {
		write("OSGI-INF/a.xml", "<scr:component xmlns:scr='http://www.osgi.org/xmlns/scr/v1.3.0' name='a' immediate='true'>"
			+ "<implementation class='a.A'/></scr:component>");
		ComponentDiagnosis.Outline outline = ComponentDiagnosis.outline(bundle("OSGI-INF/a.xml"));
		assertThat(outline).isEqualTo(new ComponentDiagnosis.Outline(Set.of(), false));
		assertThat(outline.mayWait()).isFalse();
	}

	@Test
	void referencesAndRequiredConfigurationAreReadFromEveryDescriptor() throws IOException {
		write("OSGI-INF/a.xml", "<scr:component xmlns:scr='http://www.osgi.org/xmlns/scr/v1.3.0' name='a'>"
			+ "<reference name='greeting' interface='io.example.Greeting'/><implementation class='a.A'/></scr:component>");
		write("OSGI-INF/b.xml", "<component name='b' configuration-policy=\"require\"><implementation class='b.B'/></component>");
		ComponentDiagnosis.Outline outline = ComponentDiagnosis.outline(bundle("OSGI-INF/*.xml"));
		assertThat(outline.references()).containsExactly("io.example.Greeting");
		assertThat(outline.configurationRequired()).isTrue();
		assertThat(outline.mayWait()).isTrue();

		ComponentDiagnosis.Outline configOnly = ComponentDiagnosis.outline(bundle("OSGI-INF/b.xml"));
		assertThat(configOnly).isEqualTo(new ComponentDiagnosis.Outline(Set.of(), true));
		assertThat(configOnly.mayWait()).isTrue();
	}

	@Test
	void aReferenceNotUnderstoodOrADescriptorNotReadCountsAsAnyServiceAndIsLookedAt() throws IOException {
		write("OSGI-INF/odd.xml", "<component name='odd'><reference name='x'/></component>");
		assertThat(ComponentDiagnosis.outline(bundle("OSGI-INF/odd.xml"))).isEqualTo(ComponentDiagnosis.Outline.UNKNOWN);
		assertThat(ComponentDiagnosis.Outline.UNKNOWN.mayWait()).isTrue();
		assertThat(ComponentDiagnosis.outline(bundle("OSGI-INF/missing.xml")).references()).isEmpty();
	}

	private void write(String path, String xml) throws IOException {
		Path file = root.resolve(path);
		Files.createDirectories(file.getParent());
		Files.writeString(file, xml);
	}

	/** A bundle whose entries are the files under the temp folder, with this Service-Component header. */
	private Bundle bundle(String serviceComponent) {
		Hashtable<String, String> headers = new Hashtable<>();
		if (serviceComponent != null) {
			headers.put("Service-Component", serviceComponent);
		}
		return (Bundle) Proxy.newProxyInstance(Bundle.class.getClassLoader(), new Class<?>[] { Bundle.class },
			(p, method, args) -> switch (method.getName()) {
				case "getHeaders" -> headers;
				case "getEntry" -> entry((String) args[0]);
				case "getEntryPaths" -> entryPaths((String) args[0]);
				case "hashCode" -> System.identityHashCode(p);
				case "equals" -> p == args[0];
				default -> null;
			});
	}

	private java.net.URL entry(String path) throws MalformedURLException {
		Path file = root.resolve(path);
		return Files.isRegularFile(file) ? file.toUri().toURL() : null;
	}

	private java.util.Enumeration<String> entryPaths(String dir) throws IOException {
		Path folder = root.resolve(dir);
		if (!Files.isDirectory(folder)) {
			return null;
		}
		try (var files = Files.list(folder)) {
			return java.util.Collections.enumeration(files.map(f -> dir + f.getFileName()).sorted().toList());
		}
	}
}
