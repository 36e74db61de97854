package io.pluginkit.itest;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;

import io.pluginkit.testing.TestJars;

/** {@code /static/<plugin>/**} serves an enabled plugin's {@code static/} folder and nothing outside it. */
class StaticResourcesTest extends InFrameworkTest {

	static final String CSS = "body { color: teal; }\n";
	static final String SECRET = "not for the web";

	Bundle assets;

	@BeforeEach
	void installAssetsPlugin() {
		assets = pluginkit.install(TestJars.plugin("assets")
			.resource("static/css/site.css", CSS)
			.resource("static/app.js", "console.log('assets');\n")
			.resource("secret.txt", SECRET));
		pluginkit.awaitPlugin("assets", "ENABLED");
	}

	@Test
	void filesOfTheStaticFolderAreServedWithTheirType() {
		HttpResponse<String> css = pluginkit.get("/static/assets/css/site.css");
		assertThat(css.statusCode()).isEqualTo(200);
		assertThat(css.body()).isEqualTo(CSS);
		assertThat(css.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/css"));

		HttpResponse<String> js = pluginkit.get("/static/assets/app.js");
		assertThat(js.statusCode()).isEqualTo(200);
		assertThat(js.headers().firstValue("Content-Type")).hasValueSatisfying(
			t -> assertThat(t).startsWith("text/javascript"));

		assertThat(pluginkit.get("/static/assets/missing.css").statusCode()).isEqualTo(404);
		assertThat(pluginkit.get("/static/nosuchplugin/css/site.css").statusCode()).isEqualTo(404);
	}

	@Test
	void pathsLeavingTheStaticFolderAreRefused() {
		for (String path : new String[] { "/static/assets/../assets/../../secret.txt", "/static/assets/%2e%2e/secret.txt",
			"/static/assets/css/%2e%2e/%2e%2e/secret.txt", "/static/assets/..%2Fsecret.txt",
			"/static/assets/css/..%5C..%5Csecret.txt", "/static/assets/%2e%2e/META-INF/MANIFEST.MF",
			"/static/assets//secret.txt" }) {
			HttpResponse<String> response = pluginkit.get(path);
			assertThat(response.statusCode()).as(path).isIn(400, 404);
			assertThat(response.body()).as(path).doesNotContain(SECRET).doesNotContain("Bundle-SymbolicName");
		}
	}

	@Test
	void stoppedPluginsFilesAreGoneAndBackWhenStarted() throws Exception {
		pluginkit.awaitStatus("/static/assets/css/site.css", 200);

		assets.stop();

		assertThat(pluginkit.get("/static/assets/css/site.css").statusCode()).isEqualTo(404);

		assets.start();

		pluginkit.awaitPlugin("assets", "ENABLED");
		assertThat(pluginkit.get("/static/assets/css/site.css").body()).isEqualTo(CSS);
	}
}
