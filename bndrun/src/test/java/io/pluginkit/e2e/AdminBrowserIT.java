package io.pluginkit.e2e;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;

/**
 * The admin UI in a real headless Chromium (Debian's {@code chromium}, driven by Playwright with no
 * browser download): log in with the token, disable helloworld with its button and see it, enable it
 * through the API and see the row change live (Server-Sent Events, no reload), upload a plugin, open
 * its detail page (readme, license, contributions), uninstall it with the confirmation, and the same
 * page at 390 px wide, by keyboard. Screenshots go to {@code target/screenshots/}.
 * <p>
 * Without Chromium the test is skipped on a developer's machine and fails under CI ({@code CI=true}),
 * where {@code .ci/run} installs it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AdminBrowserIT {

	static final Path CHROMIUM = Path.of(System.getProperty("pluginkit.chromium", "/usr/bin/chromium"));
	static final Path SCREENSHOTS = Path.of("target", "screenshots").toAbsolutePath();
	static final double TIMEOUT_MS = 20_000;

	PluginKitProcess pluginkit;
	String token;
	Playwright playwright;
	Browser browser;
	BrowserContext desktop;
	Page page;
	Path upload;

	@BeforeAll
	void launch(@TempDir Path temp) throws IOException {
		if (!Files.isExecutable(CHROMIUM)) {
			String message = "the admin UI browser test needs Chromium at " + CHROMIUM
				+ ": install it with 'apt-get install -y chromium' (.ci/run does), or set -Dpluginkit.chromium=<path>";
			if ("true".equalsIgnoreCase(System.getenv("CI"))) {
				throw new AssertionError(message);
			}
			Assumptions.abort(message);
		}
		Path plugins = Files.createDirectories(temp.resolve("plugins"));
		Files.copy(PluginKitProcess.samples().resolve("helloworld.jar"), plugins.resolve("helloworld.jar"));
		upload = Files.copy(PluginKitProcess.samples().resolve("showcase.jar"),
			Files.createDirectories(temp.resolve("uploads")).resolve("showcase.jar"));
		pluginkit = new PluginKitProcess(temp.resolve("data"), plugins).start();
		token = pluginkit.dataFile("admin.token").trim();
		Files.createDirectories(SCREENSHOTS);
		playwright = Playwright.create(new Playwright.CreateOptions().setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
		browser = playwright.chromium().launch(new BrowserType.LaunchOptions().setExecutablePath(CHROMIUM)
			.setArgs(List.of("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
				"--disable-component-update")));
		desktop = browser.newContext(new Browser.NewContextOptions().setViewportSize(1280, 800));
		desktop.setDefaultTimeout(TIMEOUT_MS);
		page = desktop.newPage();
	}

	@AfterAll
	void stop() {
		if (browser != null) {
			browser.close();
		}
		if (playwright != null) {
			playwright.close();
		}
		if (pluginkit != null) {
			pluginkit.close();
		}
	}

	String url(String path) {
		return "http://127.0.0.1:" + pluginkit.port() + path;
	}

	Locator row(Page p, String plugin) {
		return p.locator("tr[data-plugin='" + plugin + "']");
	}

	int apiStatus(String method, String path) throws Exception {
		HttpRequest r = HttpRequest.newBuilder(URI.create(url(path))).header("Authorization", "Bearer " + token)
			.method(method, HttpRequest.BodyPublishers.noBody()).timeout(Duration.ofSeconds(30)).build();
		return HttpClient.newHttpClient().send(r, HttpResponse.BodyHandlers.ofString()).statusCode();
	}

	@Test
	@Order(1)
	void logsInWithTheToken() {
		page.navigate(url("/admin/"));
		assertThat(page.locator("#login-view")).isVisible();
		page.locator("#token").fill("wrong-token-wrong-token");
		page.getByRole(com.microsoft.playwright.options.AriaRole.BUTTON,
			new Page.GetByRoleOptions().setName("Log in")).click();
		assertThat(page.locator("#login-error")).containsText("not the admin token");
		page.locator("#token").fill(token);
		page.getByRole(com.microsoft.playwright.options.AriaRole.BUTTON,
			new Page.GetByRoleOptions().setName("Log in")).click();
		assertThat(row(page, "helloworld").locator(".state")).hasText("ENABLED");
		assertThat(page.locator("#live")).isVisible();
	}

	@Test
	@Order(2)
	void disablesAndSeesTheChangeLive() throws Exception {
		row(page, "helloworld").getByText("Disable").click();
		assertThat(row(page, "helloworld").locator(".state")).hasText("DISABLED");
		assertThat(pluginkit.get("/limit").statusCode()).isEqualTo(404);
		// enabled by someone else (the API): the open page follows over Server-Sent Events, no reload
		assertThat(apiStatus("POST", "/admin/api/plugins/helloworld/enable")).isEqualTo(200);
		assertThat(row(page, "helloworld").locator(".state")).hasText("ENABLED");
		assertThat(page.locator("#messages")).containsText("helloworld: DISABLED → ENABLED");
		assertThat(pluginkit.get("/limit").statusCode()).isEqualTo(200);
		page.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve("admin-list-1280.png")).setFullPage(true));
	}

	@Test
	@Order(3)
	void uploadsAPluginAndOpensItsDetailPage() throws Exception {
		page.locator("#upload-file").setInputFiles(upload);
		page.locator("#upload-form button[type=submit]").click();
		assertThat(row(page, "showcase").locator(".state")).hasText("ENABLED");
		assertThat(pluginkit.awaitStatus("/showcase", 200).statusCode()).isEqualTo(200);
		row(page, "showcase").getByRole(com.microsoft.playwright.options.AriaRole.LINK).click();
		assertThat(page.locator("#detail-name")).hasText("showcase");
		assertThat(page.locator("#detail-readme h1")).hasText("showcase");
		assertThat(page.locator("#detail-license")).containsText("BSD");
		assertThat(page.locator("#detail-contributions")).containsText("servlet");
		assertThat(page.locator("#detail-components")).containsText("ACTIVE");
		assertThat(page.locator("#config-pid")).hasText("pluginkit.showcase");
		page.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve("admin-detail-1280.png")).setFullPage(true));
	}

	@Test
	@Order(4)
	void uninstallsItAfterConfirmation() throws Exception {
		page.locator("#detail-actions").getByText("Uninstall").click();
		assertThat(page.locator("#confirm")).isVisible();
		page.locator("#confirm button[value=cancel]").click();
		assertThat(apiStatus("GET", "/admin/api/plugins/showcase")).isEqualTo(200);
		page.locator("#detail-actions").getByText("Uninstall").click();
		page.locator("#confirm-ok").click();
		assertThat(page.locator("#list-view")).isVisible();
		assertThat(row(page, "showcase")).hasCount(0);
		assertThat(apiStatus("GET", "/admin/api/plugins/showcase")).isEqualTo(404);
		assertThat(pluginkit.awaitStatus("/showcase", 404).statusCode()).isEqualTo(404);
	}

	@Test
	@Order(5)
	void worksByKeyboardOnANarrowScreen() {
		try (BrowserContext phone = browser.newContext(new Browser.NewContextOptions().setViewportSize(390, 844))) {
			phone.setDefaultTimeout(TIMEOUT_MS);
			Page p = phone.newPage();
			p.navigate(url("/admin/"));
			p.locator("#token").focus();
			p.keyboard().type(token);
			p.keyboard().press("Enter");
			assertThat(row(p, "helloworld").locator(".state")).hasText("ENABLED");
			Locator disable = row(p, "helloworld").getByText("Disable");
			disable.focus();
			p.keyboard().press("Enter");
			assertThat(row(p, "helloworld").locator(".state")).hasText("DISABLED");
			Locator enable = row(p, "helloworld").getByText("Enable");
			enable.focus();
			p.keyboard().press("Enter");
			assertThat(row(p, "helloworld").locator(".state")).hasText("ENABLED");
			Object overflow = p.evaluate("() => document.documentElement.scrollWidth - window.innerWidth");
			assertThat(((Number) overflow).intValue()).as("horizontal overflow at 390 px").isLessThanOrEqualTo(0);
			p.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve("admin-list-390.png")).setFullPage(true));
		}
	}
}
