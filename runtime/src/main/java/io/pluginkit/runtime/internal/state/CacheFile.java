package io.pluginkit.runtime.internal.state;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A hint kept beside the framework's bundle cache, in {@code java.util.Properties} syntax: what a
 * restart on the kept cache may skip. Unlike the state store's files ({@link PropertiesFile}) it is
 * read leniently (missing or damaged: empty, the work is done again) and written atomically but
 * without fsync: losing it costs time, never a decision.
 */
public final class CacheFile {

	private static final Logger LOG = LoggerFactory.getLogger(CacheFile.class);

	private CacheFile() {
	}

	/** The entries of {@code file}; empty when there is none or it cannot be read (said at debug level). */
	public static Map<String, String> read(Path file) {
		Map<String, String> entries = new TreeMap<>();
		if (file == null) {
			return entries;
		}
		Properties p = new Properties();
		try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
			p.load(in);
		} catch (NoSuchFileException e) {
			return entries;
		} catch (IOException | IllegalArgumentException e) {
			LOG.debug("cannot read {}: {}; what it said is worked out again", file, e.toString());
			return entries;
		}
		p.stringPropertyNames().forEach(k -> entries.put(k, p.getProperty(k)));
		return entries;
	}

	/** Replaces {@code file} with these entries (a temp file moved into place); does nothing without a file. */
	public static void write(Path file, Map<String, String> entries, String comment) throws IOException {
		if (file == null) {
			return;
		}
		Properties p = new Properties();
		p.putAll(entries);
		Files.createDirectories(file.getParent());
		Path tmp = Files.createTempFile(file.getParent(), "." + file.getFileName(), ".tmp");
		try {
			try (Writer out = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
				p.store(out, comment);
			}
			AtomicFile.move(tmp, file);
		} finally {
			Files.deleteIfExists(tmp);
		}
	}
}
