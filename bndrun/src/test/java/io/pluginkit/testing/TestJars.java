package io.pluginkit.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import io.pluginkit.testing.plugins.HelloServlet;

/**
 * Builds real bundle jars for tests: a manifest, compiled classes taken from the test class path
 * and Declarative Services descriptors, as a plugin author's build would produce them.
 */
public final class TestJars {

	private final Map<String, String> headers = new LinkedHashMap<>();
	private final Map<String, byte[]> entries = new LinkedHashMap<>();
	private final List<String> components = new ArrayList<>();

	private TestJars() {
	}

	/** A plugin bundle with the required headers; more via the builder. */
	public static TestJars plugin(String name) {
		return bundle("test.plugin." + name.replace('-', '_')).header("Plugin-Name", name)
			.header("Plugin-Author", "PluginKit tests");
	}

	/** What a plugin with a servlet imports. */
	public static final String SERVLET_IMPORTS =
		"jakarta.servlet;version=\"[5,7)\",jakarta.servlet.http;version=\"[5,7)\"";

	/** A plugin whose servlet ({@link HelloServlet}) answers {@code message} on {@code path}. */
	public static TestJars servletPlugin(String name, String path, String message) {
		return plugin(name).imports(SERVLET_IMPORTS)
			.component(HelloServlet.class, "jakarta.servlet.Servlet", "osgi.http.whiteboard.servlet.pattern=" + path,
				"message=" + message);
	}

	/** A bundle without plugin headers (a library). */
	public static TestJars bundle(String symbolicName) {
		TestJars jar = new TestJars();
		jar.header("Bundle-ManifestVersion", "2").header("Bundle-SymbolicName", symbolicName)
			.header("Bundle-Version", "1.0.0");
		return jar;
	}

	public TestJars header(String name, String value) {
		headers.put(name, value);
		return this;
	}

	public TestJars version(String version) {
		return header("Bundle-Version", version);
	}

	public TestJars imports(String packages) {
		return header("Import-Package", packages);
	}

	public TestJars resource(String path, String text) {
		entries.put(path, text.getBytes(StandardCharsets.UTF_8));
		return this;
	}

	/** Adds the compiled classes (and their nested classes are not needed by the test plugins). */
	public TestJars classes(Class<?>... types) {
		for (Class<?> type : types) {
			String path = type.getName().replace('.', '/') + ".class";
			try (InputStream in = type.getClassLoader().getResourceAsStream(path)) {
				if (in == null) {
					throw new IllegalArgumentException("no class file for " + type.getName());
				}
				entries.put(path, in.readAllBytes());
			} catch (IOException e) {
				throw new UncheckedIOException(e);
			}
		}
		return this;
	}

	/**
	 * A DS component: {@code implementation} providing {@code service} (may be null), with
	 * properties written as {@code name=value} (a String) or {@code name:Type=value}, e.g.
	 * {@code service.ranking:Integer=5}; the activate method is {@code activate}.
	 */
	public TestJars component(Class<?> implementation, String service, String... properties) {
		return component(implementation, service, Map.of(), properties);
	}

	/**
	 * A DS component as {@link #component(Class, String, String...)}, with mandatory static
	 * references injected into fields: {@code references} maps each field name (also the
	 * reference's name) to the service interface.
	 */
	public TestJars component(Class<?> implementation, String service, Map<String, String> references,
		String... properties) {
		classes(implementation);
		String name = implementation.getSimpleName() + "-" + components.size();
		StringBuilder xml = new StringBuilder();
		xml.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
			.append("<scr:component xmlns:scr=\"http://www.osgi.org/xmlns/scr/v1.3.0\" name=\"")
			.append(name).append("\" immediate=\"true\" activate=\"activate\">\n")
			.append("  <implementation class=\"").append(implementation.getName()).append("\"/>\n");
		if (service != null) {
			xml.append("  <service><provide interface=\"").append(service).append("\"/></service>\n");
		}
		references.forEach((field, iface) -> xml.append("  <reference name=\"").append(field)
			.append("\" interface=\"").append(iface).append("\" field=\"").append(field).append("\"/>\n"));
		for (String p : properties) {
			int eq = p.indexOf('=');
			String key = p.substring(0, eq);
			int colon = key.indexOf(':');
			String type = colon < 0 ? "String" : key.substring(colon + 1);
			xml.append("  <property name=\"").append(colon < 0 ? key : key.substring(0, colon)).append("\" type=\"")
				.append(type).append("\" value=\"").append(p.substring(eq + 1)).append("\"/>\n");
		}
		xml.append("</scr:component>\n");
		String path = "OSGI-INF/" + name + ".xml";
		entries.put(path, xml.toString().getBytes(StandardCharsets.UTF_8));
		components.add(path);
		return this;
	}

	public byte[] bytes() {
		Manifest manifest = new Manifest();
		Attributes main = manifest.getMainAttributes();
		main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
		headers.forEach((k, v) -> main.putValue(k, v));
		if (!components.isEmpty()) {
			main.putValue("Service-Component", String.join(",", components));
		}
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		try (JarOutputStream jar = new JarOutputStream(bytes, manifest)) {
			for (Map.Entry<String, byte[]> e : entries.entrySet()) {
				jar.putNextEntry(new JarEntry(e.getKey()));
				jar.write(e.getValue());
				jar.closeEntry();
			}
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		}
		return bytes.toByteArray();
	}

	/** Writes the jar to {@code file} in one step (temp file + rename), as a careful copy would. */
	public Path writeTo(Path file) {
		return write(file, bytes());
	}

	public static Path write(Path file, byte[] content) {
		try {
			Files.createDirectories(file.getParent());
			Path tmp = Files.createTempFile(file.getParent(), ".copy", ".tmp");
			Files.write(tmp, content);
			Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
			return file;
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}
}
