package io.pluginkit.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
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
 * restarted is back on the cluster's plugin set before it says UP.
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
}
