package io.pluginkit.api.processor;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringWriter;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Locale;
import java.util.ServiceLoader;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import javax.annotation.processing.Processor;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.annotation.bundle.Header;

import io.pluginkit.api.Plugin;

class PluginHeadersProcessorTest {

	@TempDir
	Path dir;

	@Test
	void everyValueGivenBecomesItsOwnHeaderAnnotation() throws Exception {
		String generated = compilePackageInfo("""
			@Plugin(name = "teapot", author = "Jane Doe", description = "Serves tea", url = "https://example.org/teapot",
				license = "Apache-2.0", licenseFile = "LICENSE.txt", readmeFile = "README.md",
				state = Plugin.State.DISABLED, requires = "[1.0,2)")
			""");

		assertThat(annotationLines(generated)).containsExactlyInAnyOrder(
			"@io.pluginkit.api.Plugin.Author(\"Jane Doe\")",
			"@io.pluginkit.api.Plugin.Description(\"Serves tea\")",
			"@io.pluginkit.api.Plugin.Url(\"https://example.org/teapot\")",
			"@io.pluginkit.api.Plugin.License(\"Apache-2.0\")",
			"@io.pluginkit.api.Plugin.LicenseFile(\"LICENSE.txt\")",
			"@io.pluginkit.api.Plugin.ReadmeFile(\"README.md\")",
			"@io.pluginkit.api.Plugin.DefaultState(\"disabled\")",
			"@io.pluginkit.api.Plugin.Requires(\"[1.0,2)\")");
		assertThat(generated).startsWith("package com.example.teapot;");
		assertThat(dir.resolve("classes/com/example/teapot/PluginKitHeaders.class")).isRegularFile();
	}

	@Test
	void valuesLeftAtTheirDefaultProduceNoHeader() throws Exception {
		String generated = compilePackageInfo("@Plugin(name = \"teapot\", author = \"Jane Doe\")");

		assertThat(annotationLines(generated)).containsExactly("@io.pluginkit.api.Plugin.Author(\"Jane Doe\")");
	}

	@Test
	void emptyValuesProduceNoHeader() throws Exception {
		String generated = compilePackageInfo(
			"@Plugin(name = \"teapot\", author = \"Jane Doe\", description = \"\", url = \"\", requires = \"\")");

		assertThat(annotationLines(generated)).containsExactly("@io.pluginkit.api.Plugin.Author(\"Jane Doe\")");
	}

	@Test
	void theNameIsLeftToThePluginAnnotationItself() throws Exception {
		String generated = compilePackageInfo("@Plugin(name = \"teapot\", author = \"Jane Doe\")");

		assertThat(generated).doesNotContain("teapot\")");
	}

	@Test
	void theStateIsWrittenInLowerCaseWhateverTheLocale() throws Exception {
		Locale before = Locale.getDefault();
		try {
			// in Turkish, "DISABLED".toLowerCase() is "dısabled" with a dotless i
			Locale.setDefault(Locale.forLanguageTag("tr-TR"));

			String generated = compilePackageInfo(
				"@Plugin(name = \"teapot\", author = \"Jane Doe\", state = Plugin.State.DISABLED)");

			assertThat(annotationLines(generated)).contains("@io.pluginkit.api.Plugin.DefaultState(\"disabled\")");
		} finally {
			Locale.setDefault(before);
		}
	}

	@Test
	void anExplicitEnabledStateIsKept() throws Exception {
		String generated = compilePackageInfo(
			"@Plugin(name = \"teapot\", author = \"Jane Doe\", state = Plugin.State.ENABLED)");

		assertThat(annotationLines(generated)).contains("@io.pluginkit.api.Plugin.DefaultState(\"enabled\")");
	}

	@Test
	void quotesBackslashesAndLineBreaksInValuesStillCompile() throws Exception {
		String generated = compilePackageInfo(
			"@Plugin(name = \"teapot\", author = \"Jane \\\"JD\\\" Doe\", description = \"C:\\\\tea\\nline two\\ttab\")");

		assertThat(annotationLines(generated)).containsExactlyInAnyOrder(
			"@io.pluginkit.api.Plugin.Author(\"Jane \\\"JD\\\" Doe\")",
			"@io.pluginkit.api.Plugin.Description(\"C:\\\\tea\\nline two\\ttab\")");
	}

	@Test
	void controlCharactersBecomeUnicodeEscapes() {
		assertThat(PluginHeadersProcessor.literal("a\u0001b\rc")).isEqualTo("\"a\\u0001b\\rc\"");
	}

	@Test
	void onAClassTheHeadersClassGoesIntoThatClassesPackage() throws Exception {
		Path source = Files.createDirectories(dir.resolve("src/org/example/lib")).resolve("Teapot.java");
		Files.writeString(source, """
			package org.example.lib;

			@io.pluginkit.api.Plugin(name = "teapot", author = "Jane Doe", license = "MIT")
			public class Teapot {
			}
			""");

		String generated = compile(source, "org/example/lib");

		assertThat(generated).startsWith("package org.example.lib;");
		assertThat(annotationLines(generated)).containsExactlyInAnyOrder("@io.pluginkit.api.Plugin.Author(\"Jane Doe\")",
			"@io.pluginkit.api.Plugin.License(\"MIT\")");
	}

	@Test
	void javacFindsTheProcessorOnTheClassPath() {
		List<String> found = ServiceLoader.load(Processor.class, getClass().getClassLoader())
			.stream()
			.map(p -> p.type().getName())
			.toList();

		assertThat(found).contains(PluginHeadersProcessor.class.getName());
	}

	// ---------------------------------------------------------------- helpers

	private String compilePackageInfo(String annotation) throws Exception {
		Path source = Files.createDirectories(dir.resolve("src/com/example/teapot")).resolve("package-info.java");
		Files.writeString(source, annotation + "\npackage com.example.teapot;\n\nimport io.pluginkit.api.Plugin;\n");
		return compile(source, "com/example/teapot");
	}

	/** Compiles one source with the processor; returns the generated PluginKitHeaders source. */
	private String compile(Path source, String packageFolder) throws Exception {
		JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
		Path classes = Files.createDirectories(dir.resolve("classes"));
		Path generated = Files.createDirectories(dir.resolve("generated"));
		DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
		StringWriter output = new StringWriter();
		try (StandardJavaFileManager files = javac.getStandardFileManager(diagnostics, Locale.ROOT, UTF_8)) {
			List<String> options = List.of("--release", "17", "-classpath", classPath(), "-d", classes.toString(), "-s",
				generated.toString(), "-Xlint:-options");
			JavaCompiler.CompilationTask task = javac.getTask(output, files, diagnostics, options, null,
				files.getJavaFileObjects(source));
			task.setProcessors(List.of(new PluginHeadersProcessor()));
			boolean ok = task.call();
			assertThat(ok).as("compilation: %s %s", diagnostics.getDiagnostics(), output).isTrue();
		}
		return Files.readString(generated.resolve(packageFolder).resolve("PluginKitHeaders.java"), UTF_8);
	}

	/** The API classes and the OSGi annotations they carry, wherever the build put them. */
	private static String classPath() {
		return Stream.of(Plugin.class, Header.class)
			.map(c -> {
				try {
					return Paths.get(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
				} catch (URISyntaxException e) {
					throw new IllegalStateException(e);
				}
			})
			.collect(Collectors.joining(java.io.File.pathSeparator));
	}

	private static List<String> annotationLines(String generated) {
		return generated.lines().filter(l -> l.startsWith("@")).toList();
	}
}
