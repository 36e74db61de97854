package io.pluginkit.runtime.internal.security;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Set;
import java.util.function.Consumer;

import io.pluginkit.runtime.internal.state.AtomicFile;

/**
 * The admin bearer token of DESIGN §2 and §7, which every {@code /admin} and {@code /api} call must
 * present as {@code Authorization: Bearer <token>}.
 * <p>
 * Set by {@code -Dpluginkit.admin.token}, or else read from {@code <data>/admin.token}, or else
 * generated at the first start (256 random bits) into that file, readable by its owner only. A data
 * folder that cannot be written still gets a token, kept in memory for this run, and says so.
 * Comparison is constant-time: the presented value and the token are hashed first, so neither
 * their content nor their length leaks through timing.
 */
public final class AdminToken {

	/** The property that sets the token. */
	public static final String PROPERTY = "pluginkit.admin.token";
	/** The file in the data folder that keeps a generated token. */
	public static final String FILE = "admin.token";

	private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");
	private static final int MIN_LENGTH = 16;

	private final byte[] digest;
	private final String origin;

	private AdminToken(String token, String origin) {
		this.digest = sha256(token);
		this.origin = origin;
	}

	/**
	 * The token: {@code configured} when set, else the one in {@code <dataDir>/admin.token}, else a
	 * new one written there.
	 *
	 * @param warnings where to say, once, what is wrong (a short configured token, a file others can
	 *            read, a token that could not be saved)
	 * @throws IOException when {@code admin.token} exists but cannot be read: a new token would lock
	 *             out whoever holds the old one, so the caller must say why it refuses
	 */
	public static AdminToken load(String configured, Path dataDir, Consumer<String> warnings) throws IOException {
		if (configured != null && !configured.isBlank()) {
			String token = configured.trim();
			if (token.length() < MIN_LENGTH) {
				warnings.accept("-D" + PROPERTY + " is only " + token.length() + " characters long: use at least "
					+ MIN_LENGTH + " random ones");
			}
			return new AdminToken(token, "-D" + PROPERTY);
		}
		Path file = dataDir.resolve(FILE);
		if (Files.exists(file)) {
			String token = Files.readString(file, StandardCharsets.UTF_8).trim();
			if (!token.isEmpty()) {
				warnIfShared(file, warnings);
				return new AdminToken(token, file.toString());
			}
			warnings.accept(file + " is empty: a new admin token is written there");
		}
		String token = generate();
		try {
			write(file, token);
		} catch (IOException | UnsupportedOperationException e) {
			warnings.accept("cannot save the admin token to " + file + " (" + e.getMessage()
				+ "): this run uses a token kept in memory, which no one can read; set -D" + PROPERTY + " instead");
			return new AdminToken(token, "memory");
		}
		return new AdminToken(token, file.toString());
	}

	/** Where the token comes from: {@code -Dpluginkit.admin.token}, the file's path, or {@code memory}. */
	public String origin() {
		return origin;
	}

	/**
	 * Whether an {@code Authorization} header value carries this token ({@code Bearer <token>},
	 * the scheme in any case), in constant time.
	 */
	public boolean acceptsHeader(String authorization) {
		if (authorization == null) {
			return false;
		}
		String value = authorization.trim();
		if (value.length() < 7 || !value.regionMatches(true, 0, "Bearer ", 0, 7)) {
			return false;
		}
		return accepts(value.substring(7).trim());
	}

	/** Whether {@code presented} is the token, in constant time. */
	public boolean accepts(String presented) {
		return presented != null && MessageDigest.isEqual(digest, sha256(presented));
	}

	static String generate() {
		byte[] random = new byte[32];
		new SecureRandom().nextBytes(random);
		return Base64.getUrlEncoder().withoutPadding().encodeToString(random);
	}

	/** Writes the token atomically, its temp file created owner-only: never readable by others, not even for a moment. */
	private static void write(Path file, String token) throws IOException {
		Path dir = file.getParent();
		Files.createDirectories(dir);
		FileAttribute<?>[] ownerOnly = posix(dir) ? new FileAttribute<?>[] { PosixFilePermissions.asFileAttribute(OWNER_ONLY) }
			: new FileAttribute<?>[0];
		AtomicFile.write(file, out -> out.write((token + "\n").getBytes(StandardCharsets.UTF_8)), ownerOnly);
	}

	private static void warnIfShared(Path file, Consumer<String> warnings) {
		try {
			if (posix(file.getParent())) {
				Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
				if (!OWNER_ONLY.containsAll(permissions)) {
					warnings.accept(file + " can be read by others (" + PosixFilePermissions.toString(permissions)
						+ "): run chmod 600 on it");
				}
			}
		} catch (IOException e) {
			// its content was read: permissions are advice only
		}
	}

	private static boolean posix(Path dir) {
		return dir.getFileSystem().supportedFileAttributeViews().contains("posix");
	}

	private static byte[] sha256(String value) {
		try {
			return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
		} catch (NoSuchAlgorithmException e) {
			throw new IllegalStateException("every Java runtime has SHA-256", e);
		}
	}
}
