package io.pluginkit.store.postgresql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StoreSettingsTest {

	@TempDir
	Path temp;

	static StoreSettings read(Map<String, String> properties, Map<String, String> env) throws IOException {
		return StoreSettings.from(properties::get, env::get);
	}

	@Test
	void thePasswordComesFromTheEnvironmentOrAFileAndIsNeverShown() throws IOException {
		StoreSettings fromEnv = read(Map.of("pluginkit.store.url", "jdbc:postgresql://db:5432/pk?ssl=true", "pluginkit.store.user", "pk"),
			Map.of("PLUGINKIT_STORE_PASSWORD", "s3cret"));
		assertThat(fromEnv.password()).isEqualTo("s3cret");
		assertThat(fromEnv.toString()).isEqualTo("postgresql://db:5432/pk (user pk)").doesNotContain("s3cret");

		Path file = Files.writeString(temp.resolve("pw"), "from-file\n");
		StoreSettings fromFile = read(Map.of("pluginkit.store.url", "jdbc:postgresql://db/pk", "pluginkit.store.password.file",
			file.toString()), Map.of("PLUGINKIT_STORE_PASSWORD", "s3cret"));
		assertThat(fromFile.password()).isEqualTo("from-file");
	}

	@Test
	void settingsThatCannotWorkAreRefusedWithWhatToDo() {
		assertThatThrownBy(() -> read(Map.of(), Map.of())).hasMessage(
			"-Dpluginkit.store=postgresql needs -Dpluginkit.store.url=jdbc:postgresql://host:port/database");
		assertThatThrownBy(() -> read(Map.of("pluginkit.store.url", "jdbc:mysql://db/pk"), Map.of()))
			.hasMessage("pluginkit.store.url is 'mysql://db/pk', not a jdbc:postgresql://host:port/database URL");
		assertThatThrownBy(() -> read(Map.of("pluginkit.store.url", "jdbc:postgresql://db/pk?password=x"), Map.of()))
			.hasMessageStartingWith("pluginkit.store.url carries a password: put it in the environment variable PLUGINKIT_STORE_PASSWORD");
		assertThatThrownBy(() -> read(Map.of("pluginkit.store.url", "jdbc:postgresql://db/pk", "pluginkit.store.password.file",
			temp.resolve("missing").toString()), Map.of())).hasMessageStartingWith("the password file " + temp.resolve("missing"));
	}

	@Test
	void onlyPostgresqlSelectsTheClusterStore() {
		assertThat(StoreSettings.selected(Map.of("pluginkit.store", " PostgreSQL ")::get)).isTrue();
		assertThat(StoreSettings.selected(Map.<String, String>of()::get)).isFalse();
		assertThat(StoreSettings.selected(Map.of("pluginkit.store", "file")::get)).isFalse();
	}
}
