package io.pluginkit.runtime.internal.web;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.pluginkit.api.template.TemplateException;
import io.pluginkit.api.web.ErrorHandler;
import io.pluginkit.api.web.HandlesErrors;
import io.pluginkit.api.web.Response;
import io.pluginkit.runtime.internal.contrib.Contribution;
import io.pluginkit.runtime.internal.contrib.ContributionReport;
import io.pluginkit.runtime.internal.contrib.Contributions;
import jakarta.servlet.http.HttpServletRequest;

/**
 * Chooses and renders the error page of a request: the enabled plugins' {@link ErrorHandler}s for
 * the exception's nearest declared class first, then for the status, each group by ranking then
 * install order; a handler that throws or returns {@code null} lets the next one try; when none is
 * left, a plain text page.
 */
@Component(service = { ErrorPages.class, ContributionReport.class },
	property = Constants.SERVICE_RANKING + ":Integer=100")
public final class ErrorPages implements ContributionReport {

	private static final Logger LOG = LoggerFactory.getLogger(ErrorPages.class);

	/** A handler with what it declared it handles, parsed once per change of the handlers. */
	private record Handler(Contribution<ErrorHandler> contribution, int[] statuses, String[] exceptions) {

		static Handler of(Contribution<ErrorHandler> c) {
			return new Handler(c, ints(c.property(HandlesErrors.PREFIX_ + "status")),
				strings(c.property(HandlesErrors.PREFIX_ + "exception")));
		}

		boolean handlesStatus(int status) {
			for (int s : statuses) {
				if (s == status) {
					return true;
				}
			}
			return false;
		}

		boolean handlesException(String className) {
			for (String e : exceptions) {
				if (e.equals(className)) {
					return true;
				}
			}
			return false;
		}
	}

	/** The handlers derived from one snapshot of the contributions. */
	private record Rules(Contribution<ErrorHandler>[] source, Handler[] handlers) {
	}

	private final Contributions<ErrorHandler> contributions = new Contributions<>();
	private volatile Rules rules = rulesOf(contributions.snapshot());

	@Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
		policyOption = ReferencePolicyOption.GREEDY, updated = "updatedHandler")
	void addHandler(ErrorHandler handler, ServiceReference<ErrorHandler> ref) {
		contributions.add(handler, ref);
	}

	void updatedHandler(ServiceReference<ErrorHandler> ref) {
		contributions.updated(ref);
	}

	void removeHandler(ServiceReference<ErrorHandler> ref) {
		contributions.remove(ref);
	}

	/** The handlers now: derived again only when the contributions changed since the last error. */
	private Handler[] handlers() {
		Rules r = rules;
		Contribution<ErrorHandler>[] now = contributions.snapshot();
		if (r.source() != now) {
			r = rulesOf(now);
			rules = r;
		}
		return r.handlers();
	}

	private static Rules rulesOf(Contribution<ErrorHandler>[] snapshot) {
		return new Rules(snapshot, Arrays.stream(snapshot).map(Handler::of).toArray(Handler[]::new));
	}

	/**
	 * The error page for a status or an exception: the best matching handler's; else the
	 * handler's own body when it wrote one ({@code original}); else a plain one that keeps the
	 * headers a client needs from {@code original} ({@code Location}, {@code Allow},
	 * {@code WWW-Authenticate}).
	 *
	 * @param original what the handler answered, or {@code null} when it threw
	 */
	public Response render(HttpServletRequest request, int status, Throwable error, Response original) {
		for (Handler h : candidates(status, error)) {
			Contribution<ErrorHandler> c = h.contribution();
			try {
				Response r = c.service().handle(request, status, error);
				if (r != null) {
					return r;
				}
			} catch (Throwable t) {
				LOG.error("error handler {} of bundle {} threw while rendering {}: {}", c.className(), c.bundleId(),
					status, t.toString(), t);
			}
		}
		if (original != null && original.body().length > 0) {
			return original;
		}
		Response plain = Response.text(status, status + " " + reason(status) + "\n" + explained(error));
		if (original != null) {
			original.headers().forEach((k, v) -> {
				if (k.equalsIgnoreCase("Location") || k.equalsIgnoreCase("Allow") || k.equalsIgnoreCase("WWW-Authenticate")) {
					v.forEach(value -> plain.addHeader(k, value));
				}
			});
		}
		return plain;
	}

	/**
	 * What the plain page says about the error: only a template's failure, whose message names the
	 * plugin and the template and says nothing of the server a visitor should not see.
	 */
	private static String explained(Throwable error) {
		for (Throwable t = error; t != null; t = t.getCause()) {
			if (t instanceof TemplateException) {
				return t.getMessage().lines().findFirst().orElse("") + "\n";
			}
		}
		return "";
	}

	/** Handlers for the exception's nearest declared class first, then for the status; each group in order. */
	private List<Handler> candidates(int status, Throwable error) {
		Handler[] all = handlers();
		List<Handler> result = new ArrayList<>();
		if (all.length == 0) {
			return result;
		}
		if (error != null) {
			for (Class<?> c = error.getClass(); c != null; c = c.getSuperclass()) {
				for (Handler h : all) {
					if (h.handlesException(c.getName()) && !result.contains(h)) {
						result.add(h);
					}
				}
			}
		}
		for (Handler h : all) {
			if (h.handlesStatus(status) && !result.contains(h)) {
				result.add(h);
			}
		}
		return result;
	}

	@Override
	public List<String> describe(long bundleId) {
		List<String> result = new ArrayList<>();
		for (Handler h : handlers()) {
			Contribution<ErrorHandler> c = h.contribution();
			if (c.bundleId() == bundleId) {
				result.add("error handler " + c.className() + " for " + handles(h) + " (ranking " + c.ranking() + ")");
			}
		}
		return result;
	}

	private static String handles(Handler h) {
		List<String> what = new ArrayList<>();
		for (int s : h.statuses()) {
			what.add(Integer.toString(s));
		}
		what.addAll(Arrays.asList(h.exceptions()));
		return what.isEmpty() ? "nothing (no pluginkit.error.* property)" : String.join(", ", what);
	}

	static String reason(int status) {
		return switch (status) {
			case 400 -> "Bad Request";
			case 401 -> "Unauthorized";
			case 403 -> "Forbidden";
			case 404 -> "Not Found";
			case 405 -> "Method Not Allowed";
			case 409 -> "Conflict";
			case 413 -> "Payload Too Large";
			case 422 -> "Unprocessable Content";
			case 500 -> "Internal Server Error";
			case 503 -> "Service Unavailable";
			default -> "Error";
		};
	}

	private static int[] ints(Object value) {
		if (value instanceof int[] a) {
			return a;
		}
		if (value instanceof Integer i) {
			return new int[] { i };
		}
		if (value instanceof Integer[] a) {
			return Arrays.stream(a).mapToInt(Integer::intValue).toArray();
		}
		if (value instanceof String s) {
			return digits(s.split(","));
		}
		if (value instanceof String[] a) {
			return digits(a);
		}
		return new int[0];
	}

	private static int[] digits(String[] values) {
		return Arrays.stream(values).map(String::trim).filter(x -> x.matches("\\d{1,9}")).mapToInt(Integer::parseInt).toArray();
	}

	private static String[] strings(Object value) {
		if (value instanceof String[] a) {
			return a;
		}
		if (value instanceof String s) {
			return new String[] { s };
		}
		return new String[0];
	}
}
