package io.pluginkit.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.pluginkit.store.postgresql.PostgresServer;
import io.pluginkit.testing.Await;
import io.pluginkit.testing.TestJars;

/**
 * Three PluginKit nodes sharing one plugin set through a real PostgreSQL ({@code -Dpluginkit.store=postgresql}):
 * what one node changes, the others do; the database going away loses nothing; a node killed and
 * restarted is back on the cluster's plugin set before it says UP; a change that lost a race answers 409;
 * a node started while the database is down runs on its own copy of the plugin set; the jars of every node's
 * plugins folder reach every node.
 */
class ClusterIT {

	private static final AtomicInteger DATABASES = new AtomicInteger();
	static PostgresServer db;

	@TempDir
	Path temp;
	String url;
	Path passwordFile;
	final List<PluginKitProcess> nodes = new ArrayList<>();

	@BeforeAll
	static void database() {
		db = PostgresServer.start();
	}

	@AfterAll
	static void stopDatabase() {
		db.close();
	}

	@BeforeEach
	void freshDatabase() throws IOException {
		url = db.newDatabase("cluster_" + DATABASES.incrementAndGet());
		passwordFile = Files.writeString(temp.resolve("store.password"), PostgresServer.PASSWORD + "\n");
	}

	@AfterEach
	void stopNodes() {
		nodes.forEach(PluginKitProcess::close);
	}

	PluginKitProcess node(int n) throws IOException {
		Path dir = temp.resolve("node" + n);
		PluginKitProcess node = new PluginKitProcess(dir.resolve("data"), Files.createDirectories(dir.resolve("plugins")))
			.property("pluginkit.store", "postgresql")
			.property("pluginkit.store.url", url)
			.property("pluginkit.store.user", PostgresServer.USER)
			.property("pluginkit.store.password.file", passwordFile.toString())
			.property("pluginkit.store.node", "node" + n);
		nodes.add(node);
		return node;
	}

	static Path sample(String name) {
		return PluginKitProcess.samples().resolve(name + ".jar");
	}

	/** SQL on the cluster's database, as another node (or an admin) would write it. */
	void sql(String statement) {
		try (Connection c = DriverManager.getConnection(url, PostgresServer.USER, PostgresServer.PASSWORD);
			Statement st = c.createStatement()) {
			st.execute(statement);
		} catch (SQLException e) {
			throw new AssertionError(e);
		}
	}

	/** An admin API call with the node's token. */
	static HttpResponse<String> admin(PluginKitProcess node, String method, String path) {
		String token;
		try {
			token = Files.readString(node.dataDir().resolve("admin.token")).trim();
		} catch (IOException e) {
			throw new AssertionError(e);
		}
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.port() + path))
			.header("Authorization", "Bearer " + token).timeout(Duration.ofSeconds(30))
			.method(method, HttpRequest.BodyPublishers.noBody()).build();
		try {
			return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
		} catch (IOException e) {
			throw new AssertionError(e);
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new AssertionError(e);
		}
	}

	static void awaitOnAll(List<PluginKitProcess> nodes, String path, int status) {
		for (PluginKitProcess n : nodes) {
			n.awaitStatus(path, status);
		}
	}

	@Test
	void aToggleOrAnInstallOnOneNodeIsDoneOnEveryNode() throws IOException {
		PluginKitProcess one = node(1).start();
		PluginKitProcess two = node(2).start();
		PluginKitProcess three = node(3).start();
		List<PluginKitProcess> all = List.of(one, two, three);
		assertThat(three.get("/limit").statusCode()).isEqualTo(404);

		two.shell("plugin:install " + sample("helloworld"));
		three.awaitStatus("/limit", 200); // the jar installed on node 2, served by node 3
		assertThat(three.get("/limit").body()).isEqualTo("{\"status\":0,\"message\":\"Access Denial\"}");
		awaitOnAll(all, "/limit", 200);

		one.shell("plugin:disable helloworld");
		awaitOnAll(all, "/limit", 404);
		assertThat(three.awaitListRow("helloworld", "DISABLED")).contains("DISABLED");

		three.shell("plugin:enable helloworld");
		awaitOnAll(all, "/limit", 200);

		one.shell("plugin:uninstall helloworld");
		awaitOnAll(all, "/limit", 404);
		Await.until("node 2 lists no helloworld", () -> two.listRow("helloworld"), row -> row == null);
		for (PluginKitProcess n : all) {
			assertThat(n.get("/health").body()).startsWith("{\"status\":\"UP\"");
		}
	}

	@Test
	void theDatabaseGoingAwayLosesNothingAndAKilledNodeConvergesBeforeItSaysUp() throws IOException {
		PluginKitProcess one = node(1).start();
		PluginKitProcess two = node(2).start();
		PluginKitProcess three = node(3).start();
		List<PluginKitProcess> all = List.of(one, two, three);
		one.shell("plugin:install " + sample("helloworld"));
		awaitOnAll(all, "/limit", 200);

		// toggles on node 1, the database stopped in the middle of them
		boolean last = true;
		List<String> refused = new ArrayList<>();
		for (int i = 0; i < 6; i++) {
			if (i == 3) {
				db.stop();
				Await.until("node 1 says DEGRADED", () -> one.get("/health").body(), b -> b.contains("\"DEGRADED\""));
			}
			boolean enable = i % 2 == 1;
			String reply = String.join("\n", one.shell("plugin:" + (enable ? "enable" : "disable") + " helloworld"));
			if (reply.contains("refused")) {
				refused.add(reply);
			} else {
				last = enable;
			}
		}
		try {
			assertThat(refused).hasSize(3).allSatisfy(r -> assertThat(r).contains("was refused: the cluster store postgresql://127.0.0.1:"));
			for (PluginKitProcess n : all) {
				HttpResponse<String> health = Await.until("DEGRADED", () -> n.get("/health"), h -> h.body().contains("DEGRADED"));
				assertThat(health.statusCode()).isEqualTo(200);
				assertThat(health.body()).contains("\"store\":\"the cluster store postgresql://127.0.0.1:")
					.contains("is unreachable since");
				n.awaitStatus("/limit", last ? 200 : 404); // every node keeps serving what it last knew
			}
			assertThat(String.join("\n", two.shell("plugin:list"))).contains("DEGRADED: the cluster store");
		} finally {
			db.startAgain();
		}
		for (PluginKitProcess n : all) {
			Await.until("UP again", () -> n.get("/health").body(), b -> b.startsWith("{\"status\":\"UP\""));
		}
		awaitOnAll(all, "/limit", last ? 200 : 404); // the last accepted toggle, on every node
		two.shell("plugin:disable helloworld"); // and changes are taken again
		awaitOnAll(all, "/limit", 404);

		// node 3 killed; meanwhile helloworld enabled, teapot installed and alpha updated elsewhere
		Path alphaOne = TestJars.servletPlugin("alpha", "/alpha", "alpha one").version("1.0.0")
			.writeTo(temp.resolve("alpha-1.jar"));
		Path alphaTwo = TestJars.servletPlugin("alpha", "/alpha", "alpha two").version("2.0.0")
			.writeTo(temp.resolve("alpha-2.jar"));
		one.shell("plugin:install " + alphaOne);
		three.awaitStatus("/alpha", 200);
		three.kill();
		one.shell("plugin:enable helloworld");
		two.shell("plugin:install " + sample("teapot"));
		two.awaitStatus("/teapot", 418);
		two.shell("plugin:update alpha " + alphaTwo);
		Await.until("node 1 serves alpha two", () -> one.get("/alpha").body(), "alpha two"::equals);
		three.start();
		// the startup line (and /health UP) come only once node 3 has the cluster's plugin set
		assertThat(three.get("/health").body()).startsWith("{\"status\":\"UP\"");
		assertThat(three.get("/limit").statusCode()).isEqualTo(200);
		assertThat(three.get("/teapot").statusCode()).isEqualTo(418);
		assertThat(three.get("/alpha").body()).as("updated on node 2 while node 3 was down").isEqualTo("alpha two");
		assertThat(three.startupCounts()[0]).isEqualTo(3);
	}

	@Test
	void aChangeThatLostARaceToAnotherNodeAnswers409NamingTheWinnerAndTheStateNow() throws IOException {
		PluginKitProcess one = node(1).start();
		PluginKitProcess two = node(2).start();
		one.shell("plugin:install " + sample("helloworld"));
		two.awaitStatus("/limit", 200);
		one.shell("plugin:disable helloworld"); // version 1 of helloworld's decision, on every node
		two.awaitStatus("/limit", 404);

		// node9 enables it first: committed, but its notification not heard yet (none is sent), so node 1
		// still changes the version it knows, as when two admins click at the same moment
		sql("UPDATE pluginkit_decision SET enabled = true, version = 2, node = 'node9' WHERE plugin = 'helloworld'");
		HttpResponse<String> lost = admin(one, "POST", "/admin/api/plugins/helloworld/disable");
		assertThat(lost.statusCode()).as(lost.body()).isEqualTo(409);
		assertThat(lost.body()).startsWith("{\"error\":\"conflict\"").contains("\"detail\":\"the decision 'disabled' for plugin"
			+ " 'helloworld' was not saved: plugin 'helloworld' was changed at the same time on node node9, whose change came"
			+ " first: it is enabled now; try again if you still want it\"");
		one.awaitStatus("/limit", 200); // the loser applies the winner

		sql("UPDATE pluginkit_decision SET enabled = false, version = 3, node = 'node9' WHERE plugin = 'helloworld'");
		assertThat(one.shell("plugin:enable helloworld")).containsExactly("the decision 'enabled' for plugin 'helloworld'"
			+ " was not saved: plugin 'helloworld' was changed at the same time on node node9, whose change came first: it"
			+ " is disabled now; try again if you still want it");
		one.awaitStatus("/limit", 404);
		assertThat(admin(one, "POST", "/admin/api/plugins/helloworld/enable").statusCode()).isEqualTo(200); // told, tried again
		two.awaitStatus("/limit", 200);
	}

	@Test
	void aNodeStartedWhileTheDatabaseIsDownRunsOnItsCopyAndCatchesUpWhenItIsBack() throws IOException {
		PluginKitProcess one = node(1).start();
		PluginKitProcess two = node(2).start();
		one.shell("plugin:install " + sample("helloworld"));
		one.shell("plugin:install " + sample("teapot"));
		one.shell("plugin:disable teapot");
		two.awaitStatus("/limit", 200);
		Await.until("node 2 knows teapot is disabled", () -> two.listRow("teapot"), r -> r != null && r.contains("DISABLED"));
		two.stop();
		String[] since = new String[1];

		db.stop();
		try {
			two.start(); // on its copy: it does not wait for the database
			assertThat(two.startupLine()).contains("1 plugin enabled, 1 disabled, 0 failed");
			assertThat(two.get("/limit").statusCode()).isEqualTo(200);
			assertThat(two.get("/teapot").statusCode()).isEqualTo(404);
			since[0] = stateLine(two, "helloworld");
			HttpResponse<String> health = two.get("/health");
			assertThat(health.statusCode()).isEqualTo(200);
			assertThat(health.body()).startsWith("{\"status\":\"DEGRADED\"")
				.contains("\"store\":\"the cluster store postgresql://127.0.0.1:").contains("is unreachable since");
			assertThat(String.join("\n", two.shell("plugin:list"))).contains("DEGRADED: the cluster store");
			HttpResponse<String> refused = admin(two, "POST", "/admin/api/plugins/teapot/enable");
			assertThat(refused.statusCode()).as(refused.body()).isEqualTo(503);
			assertThat(refused.body()).contains("enabling plugin 'teapot' was refused: the cluster store");
		} finally {
			db.startAgain();
		}
		for (PluginKitProcess n : List.of(one, two)) {
			Await.until("UP again", () -> n.get("/health").body(), b -> b.startsWith("{\"status\":\"UP\""));
		}
		one.shell("plugin:enable teapot"); // a change made once the database is back reaches node 2
		two.awaitStatus("/teapot", 418);
		assertThat(stateLine(two, "helloworld")).as("helloworld ran all along on node 2, never stopped and started again")
			.isEqualTo(since[0]).startsWith("State       ENABLED since");
		one.shell("plugin:disable helloworld");
		two.awaitStatus("/limit", 404);
	}

	/** The "State ... since ..." line of plugin:info. */
	static String stateLine(PluginKitProcess node, String plugin) {
		return node.shell("plugin:info " + plugin).stream().filter(l -> l.startsWith("State")).findFirst().orElse(null);
	}

	@Test
	void aJarInOneNodesFolderIsServedByEveryNodeAndItsDeleteUninstallsItEverywhere() throws IOException {
		PluginKitProcess one = node(1).start();
		PluginKitProcess two = node(2).start();
		PluginKitProcess three = node(3).start();
		List<PluginKitProcess> all = List.of(one, two, three);

		Files.copy(sample("helloworld"), two.pluginsDir().resolve("helloworld.jar"));
		awaitOnAll(all, "/limit", 200); // node 2's folder jar, installed on nodes 1 and 3 from the database
		Files.copy(sample("helloworld"), one.pluginsDir().resolve("helloworld.jar")); // the same jar: one plugin
		Path alphaOne = TestJars.servletPlugin("alpha", "/alpha", "alpha one").writeTo(two.pluginsDir().resolve("alpha.jar"));
		Await.until("node 3 serves node 2's alpha.jar", () -> three.get("/alpha").body(), "alpha one"::equals);
		TestJars.servletPlugin("alpha", "/alpha", "alpha two").writeTo(temp.resolve("alpha.jar"));
		Files.copy(temp.resolve("alpha.jar"), three.pluginsDir().resolve("alpha.jar")); // another content, one name
		String conflict = Await.until("node 3 refuses its alpha.jar", () -> String.join("\n", three.shell("plugin:list")),
			l -> l.contains("alpha.jar in this node's plugins folder is not the cluster's alpha.jar"));
		assertThat(conflict).contains("this node runs the cluster's");
		for (PluginKitProcess n : all) {
			assertThat(n.get("/alpha").body()).isEqualTo("alpha one");
		}
		assertThat(String.join("\n", one.shell("plugin:list"))).doesNotContain("FAILED");
		assertThat(Files.readAllBytes(one.pluginsDir().resolve("helloworld.jar"))).isEqualTo(Files.readAllBytes(sample("helloworld")));

		// plugin:update on a node that runs the cluster's copy: node 2's folder jar is replaced too
		Path alphaThree = TestJars.servletPlugin("alpha", "/alpha", "alpha three").version("3.0.0")
			.writeTo(temp.resolve("alpha-3.jar"));
		one.shell("plugin:update alpha " + alphaThree);
		Await.until("node 2 serves alpha three", () -> two.get("/alpha").body(), "alpha three"::equals);
		Await.until("node 3 serves alpha three", () -> three.get("/alpha").body(), "alpha three"::equals);
		assertThat(Files.readAllBytes(alphaOne)).isEqualTo(Files.readAllBytes(alphaThree));
		// and while node 2 is stopped: its jar is replaced before it runs
		two.stop();
		Path alphaFour = TestJars.servletPlugin("alpha", "/alpha", "alpha four").version("4.0.0")
			.writeTo(temp.resolve("alpha-4.jar"));
		one.shell("plugin:update alpha " + alphaFour);
		two.start();
		assertThat(two.get("/alpha").body()).isEqualTo("alpha four");
		assertThat(Files.readAllBytes(alphaOne)).isEqualTo(Files.readAllBytes(alphaFour));

		Files.delete(two.pluginsDir().resolve("helloworld.jar")); // an explicit delete: uninstalled on every node
		awaitOnAll(all, "/limit", 404);
		Await.until("node 1's copy of the jar is deleted too", () -> Files.exists(one.pluginsDir().resolve("helloworld.jar")),
			exists -> !exists);
		Files.delete(alphaOne);
		awaitOnAll(List.of(one, two), "/alpha", 404);
		// node 3's own alpha.jar, refused while the cluster had another, is the cluster's now
		Await.until("node 3's alpha.jar takes over", () -> one.get("/alpha").body(), "alpha two"::equals);
		three.awaitStatus("/alpha", 200);
		assertThat(three.get("/alpha").body()).isEqualTo("alpha two");
		for (PluginKitProcess n : all) {
			assertThat(n.get("/health").body()).startsWith("{\"status\":\"UP\"");
		}
	}
}
