package io.pluginkit.runtime.internal.shell;

import java.io.BufferedReader;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.Charset;

import org.apache.felix.service.command.CommandProcessor;
import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Converter;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.pluginkit.runtime.internal.launch.Startup;
import io.pluginkit.runtime.internal.settings.Settings;

/**
 * The Gogo console on the process's stdin: a terminal, a pipe or a FIFO, one
 * command per line. End of input ends the console only, never the runtime;
 * {@code -Dpluginkit.shell=false} turns the console off.
 */
@Component(immediate = true)
public final class Console {

	private static final Logger LOG = LoggerFactory.getLogger(Console.class);

	private final CommandSession session;
	private final Thread thread;
	private static final long END_OF_INPUT_POLL_MILLIS = 200;
	/** Where unscoped commands are looked up, in order: Felix's own first, then Gogo's, then any. */
	static final String SCOPE = "felix:gogo:*";

	private volatile boolean closed;

	@Activate
	public Console(BundleContext context, @Reference CommandProcessor processor, @Reference Startup startup) {
		if (!Settings.from(context).shell()) {
			session = null;
			thread = null;
			return;
		}
		PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), true);
		PrintStream err = new PrintStream(new FileOutputStream(FileDescriptor.err), true);
		session = processor.createSession(new FileInputStream(FileDescriptor.in), out, err);
		// unscoped install/update/uninstall are plain Felix's, as in Felix; plugin:* must be named
		session.put("SCOPE", SCOPE);
		boolean terminal = System.console() != null;
		thread = new Thread(() -> {
			if (terminal) {
				awaitStartupLine(startup);
			}
			loop(out, err, terminal);
		}, "pluginkit-console");
		thread.setDaemon(true);
		thread.start();
	}

	@Deactivate
	void deactivate() {
		closed = true;
		if (thread != null) {
			thread.interrupt();
		}
		if (session != null) {
			session.close();
		}
	}

	/** The first prompt goes after the startup line, not in the middle of the startup output. */
	private static void awaitStartupLine(Startup startup) {
		try {
			startup.awaitStarted(60_000);
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
		}
	}

	private void loop(PrintStream out, PrintStream err, boolean terminal) {
		BufferedReader in = new BufferedReader(new InputStreamReader(new FileInputStream(FileDescriptor.in),
			Charset.defaultCharset()));
		boolean atEndOfInput = false;
		boolean endOfInputSeen = false;
		try {
			while (!closed) {
				if (terminal && !atEndOfInput) {
					out.print("g! ");
					out.flush();
				}
				String line = in.readLine();
				atEndOfInput = line == null;
				if (line == null) {
					if (!endOfInputSeen) {
						endOfInputSeen = true;
						LOG.info("console: end of input; PluginKit keeps running (stop it with SIGTERM or Ctrl+C)");
					}
					// a FIFO reaches end of input each time a writer closes it; the next writer
					// (echo 'plugin:list' > fifo) brings more, so keep looking, gently
					Thread.sleep(END_OF_INPUT_POLL_MILLIS);
					continue;
				}
				line = line.strip();
				if (line.isEmpty() || line.startsWith("#") || closed) {
					continue;
				}
				execute(line, out, err);
			}
		} catch (IOException e) {
			LOG.warn("console: cannot read stdin any more: {}", e.getMessage());
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
		}
	}

	private void execute(String line, PrintStream out, PrintStream err) {
		try {
			Object result = session.execute(line);
			if (result != null) {
				out.println(session.format(result, Converter.INSPECT));
			}
		} catch (Exception e) {
			// a failed command's reply is one line, on the console's output like any other reply
			String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
			out.println(message.lines().findFirst().orElse(message));
		}
		out.flush();
		err.flush();
	}
}
