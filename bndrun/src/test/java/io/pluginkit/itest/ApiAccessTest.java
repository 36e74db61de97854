package io.pluginkit.itest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Constants;
import org.osgi.framework.FrameworkUtil;
import org.osgi.service.servlet.whiteboard.HttpWhiteboardConstants;

import io.pluginkit.api.web.RequestHook;
import io.pluginkit.api.web.Response;
import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServletRequest;

/** The {@code /api} context: the admin bearer token on every call, and no plugin hook in the way. */
class ApiAccessTest extends InFrameworkTest {

	static final String API = "(osgi.http.whiteboard.context.name=pluginkit.api)";

	String token;

	@BeforeEach
	void registerAnApiServlet() throws IOException {
		token = Files.readString(Path.of(context.getProperty("pluginkit.data.dir"), "admin.token")).trim();
		context.registerService(Servlet.class, new CountingServlet(), FrameworkUtil.asDictionary(Map.of(
			HttpWhiteboardConstants.HTTP_WHITEBOARD_SERVLET_PATTERN, "/itest-echo",
			HttpWhiteboardConstants.HTTP_WHITEBOARD_CONTEXT_SELECT, API)));
		pluginkit.awaitStatus("/api/itest-echo", 200, "Authorization", "Bearer " + token);
	}

	@Test
	void aCallWithoutTheTokenIs401WithAChallengeAndAJsonError() {
		HttpResponse<String> response = pluginkit.get("/api/itest-echo");

		assertThat(response.statusCode()).isEqualTo(401);
		assertThat(response.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"pluginkit\"");
		assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
		assertThat(response.body()).startsWith("{\"error\":\"unauthorized\",\"detail\":\"send the admin token as 'Authorization: Bearer <token>'");
	}

	@Test
	void aWrongTokenIs401AndTheRightOneGoesThrough() {
		HttpResponse<String> wrong = pluginkit.get("/api/itest-echo", "Authorization", "Bearer " + token + "x");
		assertThat(wrong.statusCode()).isEqualTo(401);
		assertThat(wrong.body()).isEqualTo("{\"error\":\"unauthorized\",\"detail\":\"the bearer token is not the admin token\"}");

		HttpResponse<String> right = pluginkit.get("/api/itest-echo", "Authorization", "Bearer " + token);
		assertThat(right.statusCode()).isEqualTo(200);
	}

	@Test
	void pluginHooksNeverRunOnTheApi() {
		context.registerService(RequestHook.class, new RequestHook() {
			@Override
			public Response before(HttpServletRequest request) {
				return Response.text(418, "hooked");
			}
		}, FrameworkUtil.asDictionary(Map.of(Constants.SERVICE_RANKING, 0)));
		pluginkit.awaitStatus("/itest/nothing", 418);

		assertThat(pluginkit.get("/api/itest-echo", "Authorization", "Bearer " + token).statusCode()).isEqualTo(200);
		assertThat(pluginkit.get("/api/itest-echo").statusCode()).isEqualTo(401);
	}
}
