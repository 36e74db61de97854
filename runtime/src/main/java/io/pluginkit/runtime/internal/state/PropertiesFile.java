package io.pluginkit.runtime.internal.state;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * The files of the data folder in {@code java.util.Properties} syntax: read strictly (a file that
 * is not UTF-8 text or is cut inside an escape is reported as damaged, never half read), written
 * sorted and in ASCII (other characters as {@code \}{@code uXXXX}, as {@code Properties.store}
 * writes them, so that every earlier PluginKit reads them), atomically through {@link AtomicFile}.
 */
final class PropertiesFile {

	private PropertiesFile() {
	}

	/**
	 * Every entry of the file, sorted by key; empty when the file does not exist.
	 *
	 * @throws IOException when it cannot be read, or is damaged (the message says which and how;
	 *             the file is left as it is)
	 */
	static Map<String, String> read(Path file) throws IOException {
		Properties p = new Properties();
		try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
			p.load(in);
		} catch (NoSuchFileException e) {
			return new TreeMap<>();
		} catch (MalformedInputException e) {
			throw damaged(file, "it is not UTF-8 text");
		} catch (IllegalArgumentException e) {
			throw damaged(file, e.getMessage());
		} catch (IOException e) {
			throw new IOException("cannot read " + file + ": " + DataFolder.reason(e)
				+ "; make it readable by this user and start again", e);
		}
		Map<String, String> entries = new TreeMap<>();
		p.forEach((k, v) -> entries.put((String) k, (String) v));
		return entries;
	}

	/** The one-line report of a damaged file: what is wrong, what to do, and that nothing was lost. */
	static IOException damaged(Path file, String detail) {
		return new IOException("the state store " + file + " is damaged: " + detail
			+ "; correct or remove that entry (or restore a backup) and start again; the file was left as it is");
	}

	/** Replaces the file with these entries, sorted by key, atomically and durably. */
	static void write(Path file, Map<String, String> entries, String comment) throws IOException {
		StringBuilder text = new StringBuilder(64 + entries.size() * 64);
		text.append("# ").append(comment).append('\n');
		for (Map.Entry<String, String> e : new TreeMap<>(entries).entrySet()) {
			escape(text, e.getKey(), true);
			text.append('=');
			escape(text, e.getValue(), false);
			text.append('\n');
		}
		byte[] bytes = text.toString().getBytes(StandardCharsets.US_ASCII);
		AtomicFile.write(file, out -> out.write(bytes));
	}

	/** As {@code Properties.saveConvert} with Unicode escapes. */
	static void escape(StringBuilder out, String s, boolean key) {
		for (int i = 0; i < s.length(); i++) {
			char c = s.charAt(i);
			switch (c) {
				case ' ' -> out.append(i == 0 || key ? "\\ " : " ");
				case '\t' -> out.append("\\t");
				case '\n' -> out.append("\\n");
				case '\r' -> out.append("\\r");
				case '\f' -> out.append("\\f");
				case '=', ':', '#', '!', '\\' -> out.append('\\').append(c);
				default -> {
					if (c < 0x20 || c > 0x7e) {
						out.append("\\u").append(String.format("%04X", (int) c));
					} else {
						out.append(c);
					}
				}
			}
		}
	}
}
