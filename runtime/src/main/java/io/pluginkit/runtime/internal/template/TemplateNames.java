package io.pluginkit.runtime.internal.template;

/** Which template names stay inside a {@code templates/} folder. */
final class TemplateNames {

	/** Names under this prefix are the runtime's layouts, whichever plugin asks. */
	static final String RUNTIME_PREFIX = "pluginkit/";

	private TemplateNames() {
	}

	/**
	 * The problem with a name, or {@code null} when it is a plain relative path: no {@code ..} or
	 * {@code .} segment, no empty segment, no leading {@code /}, no backslash, colon or NUL, no
	 * percent escape (nothing decodes them again).
	 */
	static String problem(String name) {
		if (name == null || name.isBlank()) {
			return "empty template name";
		}
		if (name.startsWith("/") || name.indexOf('\\') >= 0 || name.indexOf('\0') >= 0 || name.indexOf(':') >= 0
			|| name.indexOf('%') >= 0) {
			return "'" + name + "' is not a relative path inside templates/";
		}
		for (String segment : name.split("/", -1)) {
			if (segment.equals("..") || segment.equals(".") || segment.isEmpty()) {
				return "'" + name + "' leaves templates/ or has an empty or '.' segment: templates can only name files inside their plugin's templates/ folder";
			}
		}
		return null;
	}
}
