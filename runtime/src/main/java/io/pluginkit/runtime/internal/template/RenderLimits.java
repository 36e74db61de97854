package io.pluginkit.runtime.internal.template;

import java.io.IOException;
import java.io.Writer;
import java.util.AbstractList;
import java.util.List;
import java.util.Map;

import io.pebbletemplates.pebble.error.PebbleException;
import io.pebbletemplates.pebble.extension.Function;
import io.pebbletemplates.pebble.template.EvaluationContext;
import io.pebbletemplates.pebble.template.PebbleTemplate;

/**
 * The bounds of one render, so that a template that loops or recurses without end fails with a
 * clear message instead of holding a request thread: a deadline (checked on every write and every
 * 1,024 steps of a {@code range}), a size limit on the output, and (caught by the renderer) the
 * stack.
 */
final class RenderLimits {

	/** A render went past a limit. */
	static final class Exceeded extends IOException {
		private static final long serialVersionUID = 1L;

		Exceeded(String message) {
			super(message);
		}
	}

	/** The renders running on this thread, innermost last: {deadline, start} each. */
	private static final ThreadLocal<java.util.ArrayDeque<long[]>> RENDERS = new ThreadLocal<>();

	final long timeoutMillis;
	final int maxChars;

	RenderLimits(long timeoutMillis, int maxChars) {
		this.timeoutMillis = timeoutMillis;
		this.maxChars = maxChars;
	}

	/**
	 * Starts a render on this thread, with a deadline of its own; every {@code enter} is followed
	 * by one {@link #exit}. A render nested in another (a fragment a page emits) does not spend
	 * the outer one's time: the outer deadline moves by what the nested one took, so that a
	 * fragment that loops fails alone and the page around it still renders.
	 */
	void enter() {
		java.util.ArrayDeque<long[]> renders = RENDERS.get();
		if (renders == null) {
			renders = new java.util.ArrayDeque<>(4);
			RENDERS.set(renders);
		}
		long now = System.nanoTime();
		renders.addLast(new long[] { now + timeoutMillis * 1_000_000L, now });
	}

	void exit() {
		java.util.ArrayDeque<long[]> renders = RENDERS.get();
		long[] done = renders.removeLast();
		if (renders.isEmpty()) {
			RENDERS.remove();
		} else {
			renders.peekLast()[0] += System.nanoTime() - done[1];
		}
	}

	/** Throws when the current render is past its deadline. */
	void check() throws Exceeded {
		java.util.ArrayDeque<long[]> renders = RENDERS.get();
		long[] deadline = renders == null ? null : renders.peekLast();
		if (deadline != null && System.nanoTime() - deadline[0] > 0) {
			throw new Exceeded("rendering took longer than " + timeoutMillis
				+ " ms (a loop without end?); the limit is pluginkit.template.timeout.ms");
		}
	}

	/** A writer that keeps the render within its deadline and size. */
	Writer bounded(Writer out) {
		return new Writer() {
			private long written;

			@Override
			public void write(char[] cbuf, int off, int len) throws IOException {
				written += len;
				if (written > maxChars) {
					throw new Exceeded("the output passed " + maxChars
						+ " characters (a loop or recursion without end?); the limit is pluginkit.template.max.chars");
				}
				check();
				out.write(cbuf, off, len);
			}

			@Override
			public void write(String str, int off, int len) throws IOException {
				written += len;
				if (written > maxChars) {
					throw new Exceeded("the output passed " + maxChars
						+ " characters (a loop or recursion without end?); the limit is pluginkit.template.max.chars");
				}
				check();
				out.write(str, off, len);
			}

			@Override
			public void flush() throws IOException {
				out.flush();
			}

			@Override
			public void close() throws IOException {
				out.close();
			}
		};
	}

	/**
	 * Pebble's {@code range} (and {@code a..b}) without building the list: Pebble's own allocates
	 * every element first, so {@code range(0, 1000000000)} would exhaust the heap. Numbers only;
	 * anything else goes to Pebble's.
	 */
	Function range(Function pebbles) {
		return new Function() {
			@Override
			public Object execute(Map<String, Object> args, PebbleTemplate self, EvaluationContext context, int line) {
				Object start = args.get("start");
				Object end = args.get("end");
				Object step = args.get("increment");
				if (!(start instanceof Number s) || !(end instanceof Number e) || step != null && !(step instanceof Number)) {
					return pebbles.execute(args, self, context, line);
				}
				long increment = step == null ? 1 : ((Number) step).longValue();
				if (increment == 0) {
					throw new PebbleException(null, "range: the increment must not be 0", line, self.getName());
				}
				long first = s.longValue();
				long last = e.longValue();
				long span = increment > 0 ? last - first : first - last;
				long size = span < 0 ? 0 : span / Math.abs(increment) + 1;
				if (size > Integer.MAX_VALUE) {
					throw new PebbleException(null, "range: " + size + " elements is more than a template can loop over",
						line, self.getName());
				}
				return steps(first, increment, (int) size);
			}

			@Override
			public List<String> getArgumentNames() {
				return pebbles.getArgumentNames();
			}
		};
	}

	private List<Long> steps(long first, long increment, int size) {
		return new AbstractList<>() {
			@Override
			public Long get(int index) {
				if ((index & 1023) == 1023) {
					try {
						check();
					} catch (Exceeded e) {
						throw new LimitError(e);
					}
				}
				return first + index * increment;
			}

			@Override
			public int size() {
				return size;
			}
		};
	}

	/** {@link Exceeded} through code that only lets unchecked exceptions pass. */
	static final class LimitError extends RuntimeException {
		private static final long serialVersionUID = 1L;

		LimitError(Exceeded cause) {
			super(cause.getMessage(), cause);
		}
	}
}
