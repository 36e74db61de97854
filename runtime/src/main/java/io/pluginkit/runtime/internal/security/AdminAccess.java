package io.pluginkit.runtime.internal.security;

import java.io.IOException;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.ComponentException;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.pluginkit.runtime.internal.state.DataFolder;
import jakarta.servlet.http.HttpServletRequest;

/**
 * Decides whether a request may use the admin and {@code /api} endpoints: it must carry the
 * {@link AdminToken}. Says at start where the token is, once.
 */
@Component(service = AdminAccess.class)
public final class AdminAccess {

	private static final Logger LOG = LoggerFactory.getLogger(AdminAccess.class);

	private final AdminToken token;

	@Activate
	public AdminAccess(BundleContext context, @Reference DataFolder data) {
		try {
			this.token = AdminToken.load(context.getProperty(AdminToken.PROPERTY), data.path(), LOG::warn);
		} catch (IOException e) {
			String message = "cannot read the admin token " + data.path().resolve(AdminToken.FILE) + " (" + e
				+ "): the admin API and /api stay closed until it can be read, or -D" + AdminToken.PROPERTY + " is set";
			LOG.error(message);
			throw new ComponentException(message);
		}
		if (!token.origin().equals("memory")) {
			LOG.info("admin API token: {}", token.origin());
		}
	}

	/** Whether the request carries the admin token in its {@code Authorization} header. */
	public boolean authenticated(HttpServletRequest request) {
		return token.acceptsHeader(request.getHeader("Authorization"));
	}

	/** The token, for a login form that compares what an operator typed. */
	public AdminToken token() {
		return token;
	}
}
