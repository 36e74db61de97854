package io.pluginkit.runtime.internal.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import com.google.gson.JsonParser;

/** What the admin API lets through to the registry, and how a readme becomes HTML. */
class AdminInputTest {

	static com.google.gson.JsonObject json(String s) {
		return JsonParser.parseString(s).getAsJsonObject();
	}

	@Test
	void onlyPluginNamesAndBundleIdsNameAPlugin() throws Exception {
		assertThat(AdminApi.name("helloworld")).isEqualTo("helloworld");
		assertThat(AdminApi.name("42")).isEqualTo("42");
		for (String bad : new String[] { "..", "a..b", "Hello", "a/b", "", "%2e%2e", "a b" }) {
			assertThatThrownBy(() -> AdminApi.name(bad)).hasMessageContaining("is not a plugin name");
		}
	}

	@Test
	void installSourcesAreHttpUrlsOrMavenCoordinatesOnly() throws Exception {
		assertThat(AdminApi.source(json("{\"url\":\"https://example.org/p.jar\"}"))).isEqualTo("https://example.org/p.jar");
		assertThat(AdminApi.source(json("{\"mvn\":\"io.acme:hello:1.2.3\"}"))).isEqualTo("mvn:io.acme/hello/1.2.3");
		assertThatThrownBy(() -> AdminApi.source(json("{\"url\":\"file:///etc/passwd\"}"))).hasMessageContaining("only http: and https:");
		assertThatThrownBy(() -> AdminApi.source(json("{\"url\":\"jar:http://x/a.jar!/\"}"))).hasMessageContaining("only http:");
		assertThatThrownBy(() -> AdminApi.source(json("{\"url\":\"http://x/a/%2E%2E/b.jar\"}"))).hasMessageContaining("'..'");
		assertThatThrownBy(() -> AdminApi.source(json("{\"url\":\"http://user:pw@x/a.jar\"}"))).hasMessageContaining("no user name");
		assertThatThrownBy(() -> AdminApi.source(json("{\"mvn\":\"..:x:1\"}"))).hasMessageContaining("not a Maven coordinate");
		assertThatThrownBy(() -> AdminApi.source(json("{\"mvn\":\"a/b:c:1\"}"))).hasMessageContaining("not a Maven coordinate");
		assertThatThrownBy(() -> AdminApi.source(json("{}"))).hasMessageContaining("send {\"url\"");
	}

	@Test
	void uploadNamesArePlainJarNames() throws Exception {
		assertThat(AdminApi.fileName(null)).isEqualTo("upload.jar");
		assertThat(AdminApi.fileName("hello-1.0.jar")).isEqualTo("hello-1.0.jar");
		for (String bad : new String[] { "../x.jar", "a/b.jar", "a\\b.jar", "..jar", "x.txt", ".hidden.jar" }) {
			assertThatThrownBy(() -> AdminApi.fileName(bad)).hasMessageContaining("is refused");
		}
	}

	@Test
	void aReadmeCannotRunScriptInTheAdminPage() {
		String html = Markdown.html("# Title\n\n<script>alert(1)</script>\n\n[x](javascript:alert(1))");
		assertThat(html).contains("<h1>Title</h1>").doesNotContain("<script>").contains("&lt;script&gt;")
			.doesNotContain("javascript:").contains("<a rel=\"nofollow\" href=\"\">x</a>");
	}
}
