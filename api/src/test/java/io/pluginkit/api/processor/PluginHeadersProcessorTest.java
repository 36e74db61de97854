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
		// as Maven's resources phase does before compiling
		resource("classes/LICENSE.txt");
		resource("classes/README.md");
		String generated = compilePackageInfo("""
			@Plugin(name = "teapot", author = "Jane Doe", description = "Serves tea", url = "https://example.org/teapot",
				license = "Apache-2.0", licenseFile = "LICENSE.txt", readmeFile = "README.md",
				state = Plugin.State.DISABLED, requires = "[1.0,2)")
			""");

		assertThat(annotationLines(generated)).containsExactlyInAnyOrder(
			"@io.pluginkit.api.Plugin.Author(\"\\\"Jane Doe\\\"\")",
			"@io.pluginkit.api.Plugin.Description(\"\\\"Serves tea\\\"\")",
			"@io.pluginkit.api.Plugin.Url(\"\\\"https://example.org/teapot\\\"\")",
			"@io.pluginkit.api.Plugin.License(\"\\\"Apache-2.0\\\"\")",
			"@io.pluginkit.api.Plugin.LicenseFile(\"\\\"LICENSE.txt\\\"\")",
			"@io.pluginkit.api.Plugin.ReadmeFile(\"\\\"README.md\\\"\")",
			"@io.pluginkit.api.Plugin.DefaultState(\"\\\"disabled\\\"\")",
			"@io.pluginkit.api.Plugin.Requires(\"\\\"[1.0,2)\\\"\")");
		assertThat(generated).startsWith("package com.example.teapot;");
		assertThat(dir.resolve("classes/com/example/teapot/PluginKitHeaders.class")).isRegularFile();
	}

	@Test
	void freeTextIsQuotedSoThatBndKeepsItsCommasSemicolonsAndQuotes() throws Exception {
		String generated = compilePackageInfo(
			"@Plugin(name = \"teapot\", author = \"Doe, Jane\", description = \"tea, coffee; \\\"hot\\\" \\\\ cold\")");

		assertThat(annotationLines(generated)).containsExactlyInAnyOrder(
			"@io.pluginkit.api.Plugin.Author(\"\\\"Doe, Jane\\\"\")",
			"@io.pluginkit.api.Plugin.Description(\"\\\"tea, coffee; \\\\\\\"hot\\\\\\\" \\\\\\\\ cold\\\"\")");
	}

	@Test
	void valuesLeftAtTheirDefaultProduceNoHeader() throws Exception {
		String generated = compilePackageInfo("@Plugin(name = \"teapot\", author = \"Jane Doe\")");

		assertThat(annotationLines(generated)).containsExactly("@io.pluginkit.api.Plugin.Author(\"\\\"Jane Doe\\\"\")");
	}

	@Test
	void emptyValuesProduceNoHeader() throws Exception {
		String generated = compilePackageInfo(
			"@Plugin(name = \"teapot\", author = \"Jane Doe\", description = \"\", url = \"\", requires = \"\")");

		assertThat(annotationLines(generated)).containsExactly("@io.pluginkit.api.Plugin.Author(\"\\\"Jane Doe\\\"\")");
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

			assertThat(annotationLines(generated)).contains("@io.pluginkit.api.Plugin.DefaultState(\"\\\"disabled\\\"\")");
		} finally {
			Locale.setDefault(before);
		}
	}

	@Test
	void anExplicitEnabledStateIsKept() throws Exception {
		String generated = compilePackageInfo(
			"@Plugin(name = \"teapot\", author = \"Jane Doe\", state = Plugin.State.ENABLED)");

		assertThat(annotationLines(generated)).contains("@io.pluginkit.api.Plugin.DefaultState(\"\\\"enabled\\\"\")");
	}

	@Test
	void quotesBackslashesAndLineBreaksInValuesStillCompile() throws Exception {
		String generated = compilePackageInfo(
			"@Plugin(name = \"teapot\", author = \"Jane \\\"JD\\\" Doe\", description = \"C:\\\\tea\\nline two\\ttab\")");

		assertThat(annotationLines(generated)).containsExactlyInAnyOrder(
			"@io.pluginkit.api.Plugin.Author(\"\\\"Jane \\\\\\\"JD\\\\\\\" Doe\\\"\")",
			"@io.pluginkit.api.Plugin.Description(\"\\\"C:\\\\\\\\tea\\nline two\\ttab\\\"\")");
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
		assertThat(annotationLines(generated)).containsExactlyInAnyOrder("@io.pluginkit.api.Plugin.Author(\"\\\"Jane Doe\\\"\")",
			"@io.pluginkit.api.Plugin.License(\"\\\"MIT\\\"\")");
	}

	@Test
	void javacFindsTheProcessorOnTheClassPath() {
		List<String> found = ServiceLoader.load(Processor.class, getClass().getClassLoader())
			.stream()
			.map(p -> p.type().getName())
			.toList();

		assertThat(found).contains(PluginHeadersProcessor.class.getName());
	}

	// ------------------------------------------------- build-time checks

	@Test
	void anInvalidNameIsACompileErrorThatSuggestsAValidOne() throws Exception {
		List<String> errors = errorsOfPackageInfo("@Plugin(name = \"Hello World\", author = \"Jane Doe\")");

		assertThat(errors).singleElement().asString()
			.contains("@Plugin name 'Hello World' is invalid")
			.contains("starting with a letter")
			.contains("name = \"hello-world\"");
	}

	@Test
	void aNameTooLongOrStartingWithADigitIsRefused() throws Exception {
		assertThat(errorsOfPackageInfo("@Plugin(name = \"1up\", author = \"Jane Doe\")")).hasSize(1);
		assertThat(errorsOfPackageInfo("@Plugin(name = \"" + "a".repeat(65) + "\", author = \"Jane Doe\")"))
			.hasSize(1);
		assertThat(errorsOfPackageInfo("@Plugin(name = \"" + "a".repeat(64) + "\", author = \"Jane Doe\")"))
			.isEmpty();
		assertThat(errorsOfPackageInfo("@Plugin(name = \"my.plugin_2-x\", author = \"Jane Doe\")")).isEmpty();
	}

	@Test
	void anEmptyOrBlankAuthorIsACompileError() throws Exception {
		assertThat(errorsOfPackageInfo("@Plugin(name = \"teapot\", author = \"\")")).singleElement().asString()
			.contains("@Plugin author is empty").contains("author = \"Jane Doe\"");
		assertThat(errorsOfPackageInfo("@Plugin(name = \"teapot\", author = \"  \")")).hasSize(1);
	}

	@Test
	void aReadmeOrLicenseFileThatIsNotInTheResourcesIsACompileErrorNamingWhereToPutIt() throws Exception {
		List<String> errors = errorsOfPackageInfo(
			"@Plugin(name = \"teapot\", author = \"Jane Doe\", readmeFile = \"README.md\", licenseFile = \"legal/LICENSE\")");

		assertThat(errors).hasSize(2);
		assertThat(errors.get(0) + errors.get(1)).contains("@Plugin readmeFile 'README.md' is not in the resources")
			.contains("src/main/resources/README.md")
			.contains("@Plugin licenseFile 'legal/LICENSE' is not in the resources")
			.contains("-Apluginkit.checkFiles=false");
	}

	@Test
	void aFileInTheProjectsResourcesFolderIsFoundEvenBeforeItIsCopied() throws Exception {
		// dir plays the project: dir/classes is the output, as target/classes would be
		resource("src/main/resources/README.md");

		assertThat(errorsOfPackageInfo("@Plugin(name = \"teapot\", author = \"Jane Doe\", readmeFile = \"README.md\")"))
			.isEmpty();
	}

	@Test
	void theFileCheckCanBeTurnedOffForBuildsThatAddTheFileAnotherWay() throws Exception {
		options = List.of("-Apluginkit.checkFiles=false");

		assertThat(errorsOfPackageInfo("@Plugin(name = \"teapot\", author = \"Jane Doe\", readmeFile = \"README.md\")"))
			.isEmpty();
	}

	@Test
	void suggestedNamesAreValid() {
		assertThat(PluginHeadersProcessor.suggestedName("My Great Plugin!")).isEqualTo("my-great-plugin-");
		assertThat(PluginHeadersProcessor.suggestedName("42")).isEqualTo("my-plugin");
		assertThat(PluginHeadersProcessor.suggestedName("x".repeat(80))).hasSize(64);
	}

	// ---------------------------------------------------------------- helpers

	/** Extra javac options of the next compile. */
	private List<String> options = List.of();

	private void resource(String path) throws Exception {
		Path file = dir.resolve(path);
		Files.createDirectories(file.getParent());
		Files.writeString(file, "text");
	}

	/** Compiles a package-info with the processor; returns the error messages (empty: it compiled). */
	private List<String> errorsOfPackageInfo(String annotation) throws Exception {
		Path source = Files.createDirectories(dir.resolve("src/com/example/teapot")).resolve("package-info.java");
		Files.writeString(source, annotation + "\npackage com.example.teapot;\n\nimport io.pluginkit.api.Plugin;\n");
		DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
		run(source, diagnostics, new StringWriter());
		return diagnostics.getDiagnostics()
			.stream()
			.filter(d -> d.getKind() == javax.tools.Diagnostic.Kind.ERROR)
			.map(d -> d.getMessage(Locale.ROOT))
			.toList();
	}

	private boolean run(Path source, DiagnosticCollector<JavaFileObject> diagnostics, StringWriter output)
		throws Exception {
		JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
		Path classes = Files.createDirectories(dir.resolve("classes"));
		Path generated = Files.createDirectories(dir.resolve("generated"));
		try (StandardJavaFileManager files = javac.getStandardFileManager(diagnostics, Locale.ROOT, UTF_8)) {
			List<String> all = new java.util.ArrayList<>(List.of("--release", "17", "-classpath", classPath(), "-d",
				classes.toString(), "-s", generated.toString(), "-Xlint:-options"));
			all.addAll(options);
			JavaCompiler.CompilationTask task = javac.getTask(output, files, diagnostics, all, null,
				files.getJavaFileObjects(source));
			task.setProcessors(List.of(new PluginHeadersProcessor()));
			return task.call();
		}
	}

	private String compilePackageInfo(String annotation) throws Exception {
		Path source = Files.createDirectories(dir.resolve("src/com/example/teapot")).resolve("package-info.java");
		Files.writeString(source, annotation + "\npackage com.example.teapot;\n\nimport io.pluginkit.api.Plugin;\n");
		return compile(source, "com/example/teapot");
	}

	/** Compiles one source with the processor; returns the generated PluginKitHeaders source. */
	private String compile(Path source, String packageFolder) throws Exception {
		DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
		StringWriter output = new StringWriter();
		boolean ok = run(source, diagnostics, output);
		assertThat(ok).as("compilation: %s %s", diagnostics.getDiagnostics(), output).isTrue();
		Path generated = dir.resolve("generated");
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
