package io.pluginkit.runtime.internal.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AdminTokenTest {

	@TempDir
	Path data;

	private final List<String> warnings = new ArrayList<>();

	@Test
	void firstStartWritesAnOwnerOnlyTokenThatLaterStartsReuse() throws Exception {
		AdminToken first = AdminToken.load(null, data, warnings::add);

		Path file = data.resolve("admin.token");
		String token = Files.readString(file).trim();
		assertThat(token).hasSizeGreaterThanOrEqualTo(40);
		assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
		assertThat(first.origin()).isEqualTo(file.toString());
		assertThat(first.accepts(token)).isTrue();

		AdminToken second = AdminToken.load("", data, warnings::add);
		assertThat(second.accepts(token)).isTrue();
		assertThat(Files.readString(file).trim()).isEqualTo(token);
		assertThat(warnings).isEmpty();
		try (var files = Files.list(data)) {
			assertThat(files).containsExactly(file); // no temp file left
		}
	}

	@Test
	void theBearerHeaderMustCarryExactlyTheToken() throws Exception {
		AdminToken token = AdminToken.load("s3cret-token-of-24-chars", data, warnings::add);

		assertThat(token.acceptsHeader("Bearer s3cret-token-of-24-chars")).isTrue();
		assertThat(token.acceptsHeader("bearer  s3cret-token-of-24-chars ")).isTrue();
		assertThat(token.acceptsHeader("Bearer s3cret-token-of-24-chars-and-more")).isFalse();
		assertThat(token.acceptsHeader("Bearer s3cret-token-of-24-char")).isFalse();
		assertThat(token.acceptsHeader("Basic s3cret-token-of-24-chars")).isFalse();
		assertThat(token.acceptsHeader("s3cret-token-of-24-chars")).isFalse();
		assertThat(token.acceptsHeader("Bearer ")).isFalse();
		assertThat(token.acceptsHeader(null)).isFalse();
		assertThat(token.origin()).isEqualTo("-Dpluginkit.admin.token");
		assertThat(Files.exists(data.resolve("admin.token"))).as("a configured token is not written").isFalse();
	}

	@Test
	void aShortConfiguredTokenIsUsedButWarnedAbout() throws Exception {
		AdminToken token = AdminToken.load("abc", data, warnings::add);

		assertThat(token.accepts("abc")).isTrue();
		assertThat(warnings).containsExactly("-Dpluginkit.admin.token is only 3 characters long: use at least 16 random ones");
	}

	@Test
	void aTokenFileOthersCanReadIsUsedAndWarnedAbout() throws Exception {
		Path file = Files.writeString(data.resolve("admin.token"), "kept-token-0123456789\n");
		Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));

		AdminToken token = AdminToken.load(null, data, warnings::add);

		assertThat(token.accepts("kept-token-0123456789")).isTrue();
		assertThat(warnings).containsExactly(file + " can be read by others (rw-r--r--): run chmod 600 on it");
	}

	@Test
	void anEmptyTokenFileIsReplaced() throws Exception {
		Path file = Files.writeString(data.resolve("admin.token"), "\n");

		AdminToken token = AdminToken.load(null, data, warnings::add);

		assertThat(token.accepts(Files.readString(file).trim())).isTrue();
		assertThat(token.accepts("")).isFalse();
		assertThat(warnings).containsExactly(file + " is empty: a new admin token is written there");
	}

	@Test
	void aFolderThatCannotBeWrittenGetsAMemoryTokenAndSaysSo() throws Exception {
		Path notAFolder = Files.writeString(data.resolve("file"), "x");

		AdminToken token = AdminToken.load(null, notAFolder, warnings::add);

		assertThat(token.origin()).isEqualTo("memory");
		assertThat(warnings).singleElement().asString().startsWith("cannot save the admin token to " + notAFolder.resolve("admin.token"))
			.endsWith("this run uses a token kept in memory, which no one can read; set -Dpluginkit.admin.token instead");
	}

	@Test
	void generatedTokensDiffer() {
		assertThat(AdminToken.generate()).isNotEqualTo(AdminToken.generate()).hasSize(43);
	}
}
