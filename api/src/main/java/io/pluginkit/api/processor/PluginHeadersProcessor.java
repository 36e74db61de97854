package io.pluginkit.api.processor;

import java.io.IOException;
import java.io.Writer;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.RoundEnvironment;
import javax.annotation.processing.SupportedAnnotationTypes;
import javax.annotation.processing.SupportedOptions;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.PackageElement;
import javax.lang.model.element.TypeElement;
import javax.tools.Diagnostic;
import javax.tools.FileObject;
import javax.tools.StandardLocation;

import io.pluginkit.api.Plugin;

/**
 * Turns each {@link Plugin} value other than {@code name} into its own
 * single-header annotation on a generated class {@code PluginKitHeaders} in
 * the annotated package, which bnd then writes into the manifest. javac runs
 * it automatically when {@code io.pluginkit:api} is on the compile class path.
 * <p>
 * It also checks at compile time what the runtime would otherwise find only at
 * deploy time, each as a compile error on the element, naming the fix: a
 * {@code name} the runtime refuses, an empty {@code author}, and a
 * {@code readmeFile} or {@code licenseFile} that is not among the resources
 * (so would not be in the jar). The file check looks in the class output folder
 * (where Maven copies {@code src/main/resources} before compiling) and in the
 * {@code src/main/resources} or Gradle {@code build/resources/main} folder of the
 * project; a build that adds the file in another way (a bnd
 * {@code -includeresource}) turns it off with
 * {@code -Apluginkit.checkFiles=false}.
 */
@SupportedAnnotationTypes("io.pluginkit.api.Plugin")
@SupportedOptions(PluginHeadersProcessor.CHECK_FILES)
public final class PluginHeadersProcessor extends AbstractProcessor {

	/** Processor option: {@code false} skips the readme/license file check. */
	public static final String CHECK_FILES = "pluginkit.checkFiles";

	/** The runtime's rule for {@code Plugin-Name} (DESIGN §3). */
	static final Pattern NAME = Pattern.compile("[a-z][a-z0-9._-]{0,63}");

	@Override
	public SourceVersion getSupportedSourceVersion() {
		return SourceVersion.latestSupported();
	}

	@Override
	public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
		for (Element element : round.getElementsAnnotatedWith(Plugin.class)) {
			PackageElement pkg = processingEnv.getElementUtils().getPackageOf(element);
			AnnotationMirror mirror = element.getAnnotationMirrors()
				.stream()
				.filter(m -> m.getAnnotationType().toString().equals(Plugin.class.getName()))
				.findFirst()
				.orElseThrow();
			List<String> lines = new ArrayList<>();
			for (Map.Entry<? extends ExecutableElement, ? extends AnnotationValue> e : mirror.getElementValues()
				.entrySet()) {
				String key = e.getKey().getSimpleName().toString();
				String value = String.valueOf(e.getValue().getValue());
				String problem = check(key, value);
				if (problem != null) {
					processingEnv.getMessager().printMessage(Diagnostic.Kind.ERROR, problem, element, mirror, e.getValue());
				}
				String annotation = switch (key) {
					case "author" -> "Author";
					case "description" -> "Description";
					case "url" -> "Url";
					case "license" -> "License";
					case "licenseFile" -> "LicenseFile";
					case "readmeFile" -> "ReadmeFile";
					case "requires" -> "Requires";
					case "state" -> {
						value = value.toLowerCase(Locale.ROOT);
						yield "DefaultState";
					}
					default -> null;
				};
				if (annotation != null && !value.isEmpty()) {
					// bnd reads a header value as OSGi header syntax ("a, b" becomes "a,b"): every value goes quoted
					lines.add("@io.pluginkit.api.Plugin." + annotation + "(" + literal(quoted(value)) + ")");
				}
			}
			write(pkg, lines, element);
		}
		return false;
	}

	/** What is wrong with one {@code @Plugin} value, as a compile error naming the fix; {@code null} if fine. */
	private String check(String key, String value) {
		switch (key) {
			case "name" -> {
				if (!NAME.matcher(value).matches()) {
					return "@Plugin name '" + value + "' is invalid: a plugin name is 1 to 64 of a-z, 0-9, '.', '_', '-',"
						+ " starting with a letter (it is used in URLs, commands and file names); use e.g. name = \""
						+ suggestedName(value) + "\"";
				}
			}
			case "author" -> {
				if (value.isBlank()) {
					return "@Plugin author is empty: every plugin names who wrote it, e.g. author = \"Jane Doe\"";
				}
			}
			case "readmeFile", "licenseFile" -> {
				if (!value.isEmpty() && !"false".equals(processingEnv.getOptions().get(CHECK_FILES))
					&& !inResources(value)) {
					return "@Plugin " + key + " '" + value + "' is not in the resources, so it would not be in the jar:"
						+ " put the file at src/main/resources/" + value + " (or correct the path; if your build adds it"
						+ " another way, compile with -A" + CHECK_FILES + "=false)";
				}
			}
			default -> {
				// the other values are free text or checked by javac (state)
			}
		}
		return null;
	}

	/** A valid name close to what the author typed, for the error message. */
	static String suggestedName(String value) {
		String s = value.toLowerCase(Locale.ROOT).trim().replaceAll("[^a-z0-9._-]+", "-").replaceAll("^[^a-z]+", "");
		s = s.length() > 64 ? s.substring(0, 64) : s;
		return s.isEmpty() ? "my-plugin" : s;
	}

	/**
	 * Whether a file named by {@code @Plugin} will be in the jar: in the class output (Maven copied the
	 * resources there before compiling) or in the project's resources folder. Unknown (an output that is
	 * not a folder, as in an IDE's in-memory compile) counts as present: only a sure miss is an error.
	 */
	private boolean inResources(String file) {
		Path output;
		try {
			FileObject probe = processingEnv.getFiler().getResource(StandardLocation.CLASS_OUTPUT, "", file);
			URI uri = probe.toUri();
			if (!"file".equals(uri.getScheme())) {
				return true;
			}
			Path path = Path.of(uri);
			if (Files.isRegularFile(path)) {
				return true;
			}
			output = Path.of(processingEnv.getFiler().getResource(StandardLocation.CLASS_OUTPUT, "", "x").toUri())
				.getParent();
		} catch (IOException | IllegalArgumentException | UnsupportedOperationException e) {
			return true;
		}
		// target/classes -> the project is two levels up; Gradle's build/classes/java/main: four
		for (Path dir = output; dir != null && output.getNameCount() - dir.getNameCount() <= 4; dir = dir.getParent()) {
			if (Files.isRegularFile(dir.resolve("src/main/resources").resolve(file))
				|| Files.isRegularFile(dir.resolve("build/resources/main").resolve(file))) {
				return true;
			}
		}
		return false;
	}

	private void write(PackageElement pkg, List<String> annotations, Element origin) {
		String name = pkg.isUnnamed() ? "PluginKitHeaders" : pkg.getQualifiedName() + ".PluginKitHeaders";
		try (Writer w = processingEnv.getFiler().createSourceFile(name, origin).openWriter()) {
			if (!pkg.isUnnamed()) {
				w.write("package " + pkg.getQualifiedName() + ";\n\n");
			}
			w.write("/** Generated by PluginKit from @Plugin: one annotation per manifest header. */\n");
			for (String a : annotations) {
				w.write(a + "\n");
			}
			w.write("final class PluginKitHeaders {\n\tprivate PluginKitHeaders() {\n\t}\n}\n");
		} catch (IOException e) {
			processingEnv.getMessager()
				.printMessage(Diagnostic.Kind.ERROR, "cannot write the Plugin-* headers class: " + e.getMessage(), origin);
		}
	}

	/**
	 * Free text as an OSGi quoted string, which bnd writes into the manifest as it is: without the quotes,
	 * commas, semicolons and quotes kept.
	 */
	static String quoted(String text) {
		return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
	}

	static String literal(String value) {
		StringBuilder sb = new StringBuilder("\"");
		for (char c : value.toCharArray()) {
			switch (c) {
				case '"' -> sb.append("\\\"");
				case '\\' -> sb.append("\\\\");
				case '\n' -> sb.append("\\n");
				case '\r' -> sb.append("\\r");
				case '\t' -> sb.append("\\t");
				default -> sb.append(c < 0x20 ? String.format("\\u%04x", (int) c) : String.valueOf(c));
			}
		}
		return sb.append('"').toString();
	}
}
