package io.pluginkit.sample.helloworld;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.pluginkit.api.web.Response;
import jakarta.servlet.http.HttpServletRequest;

class LocalhostLimitTest {

	final LocalhostLimit hook = new LocalhostLimit();

	/** A request with just what the hook reads; anything else it asks for fails the test. */
	static HttpServletRequest request(String method, String uri, String remote, String realIp) {
		Map<String, Object> values = new java.util.HashMap<>(
			Map.of("getMethod", method, "getRequestURI", uri, "getContextPath", "", "getRemoteAddr", remote));
		return (HttpServletRequest) Proxy.newProxyInstance(LocalhostLimitTest.class.getClassLoader(),
			new Class<?>[] { HttpServletRequest.class }, (proxy, m, args) -> {
				if (m.getName().equals("getHeader")) {
					return "X-Real-Ip".equalsIgnoreCase((String) args[0]) ? realIp : null;
				}
				if (!values.containsKey(m.getName())) {
					throw new UnsupportedOperationException(m.getName());
				}
				return values.get(m.getName());
			});
	}

	@Test
	void localhostAskingForTheRootIsRedirectedToLimit() {
		Response r = hook.before(request("GET", "/", "127.0.0.1", null));
		assertThat(r).isNotNull();
		assertThat(r.status()).isEqualTo(302);
		assertThat(r.header("Location")).isEqualTo("/limit");
	}

	@Test
	void theRealIpHeaderWinsOverTheRemoteAddress() {
		assertThat(hook.before(request("GET", "/", "10.0.0.7", "127.0.0.1"))).isNotNull();
		assertThat(hook.before(request("GET", "/", "127.0.0.1", "10.0.0.7"))).isNull();
	}

	@Test
	void otherPathsAndMethodsPassThrough() {
		assertThat(hook.before(request("GET", "/limit", "127.0.0.1", null))).isNull();
		assertThat(hook.before(request("POST", "/", "127.0.0.1", null))).isNull();
	}
}
