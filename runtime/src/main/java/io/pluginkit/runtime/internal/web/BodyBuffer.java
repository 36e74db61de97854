package io.pluginkit.runtime.internal.web;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;

import jakarta.servlet.ServletOutputStream;

/**
 * The bytes of one response body while hooks may still change it: a growable array, with no lock
 * (a response belongs to its request's thread) and encoders for the text a servlet's writer
 * produces, so that writing text costs no encoder objects and no 8 KB buffer per request.
 * <p>
 * It is also the servlet's output stream (the subclass decides where its {@code write}s go), so
 * that a buffered response costs one object for both.
 */
abstract class BodyBuffer extends ServletOutputStream {

	private byte[] buf = new byte[32];
	private int count;

	final void append(int b) {
		ensure(1);
		buf[count++] = (byte) b;
	}

	final void append(byte[] b, int off, int len) {
		ensure(len);
		System.arraycopy(b, off, buf, count, len);
		count += len;
	}

	/**
	 * Encodes {@code len} chars of {@code text} from {@code off} as UTF-8.
	 *
	 * @param high a high surrogate left over from the previous call, or 0
	 * @return a high surrogate at the end that waits for its low half, or 0
	 */
	final char appendUtf8(CharSequence text, int off, int len, char high) {
		ensure(len + 4);
		byte[] b = buf;
		int n = count;
		for (int i = off, end = off + len; i < end; i++) {
			if (n + 4 > b.length) {
				count = n;
				ensure(end - i + 4); // grows by at least twice: amortized, and no 3x for ASCII text
				b = buf;
			}
			char c = text.charAt(i);
			if (high != 0) {
				if (Character.isLowSurrogate(c)) {
					int cp = Character.toCodePoint(high, c);
					b[n++] = (byte) (0xF0 | cp >> 18);
					b[n++] = (byte) (0x80 | cp >> 12 & 0x3F);
					b[n++] = (byte) (0x80 | cp >> 6 & 0x3F);
					b[n++] = (byte) (0x80 | cp & 0x3F);
					high = 0;
					continue;
				}
				b[n++] = '?'; // a lone high surrogate, as String.getBytes replaces it
				high = 0;
			}
			if (c < 0x80) {
				b[n++] = (byte) c;
			} else if (c < 0x800) {
				b[n++] = (byte) (0xC0 | c >> 6);
				b[n++] = (byte) (0x80 | c & 0x3F);
			} else if (Character.isHighSurrogate(c)) {
				high = c;
			} else if (Character.isLowSurrogate(c)) {
				b[n++] = '?';
			} else {
				b[n++] = (byte) (0xE0 | c >> 12);
				b[n++] = (byte) (0x80 | c >> 6 & 0x3F);
				b[n++] = (byte) (0x80 | c & 0x3F);
			}
		}
		count = n;
		return high;
	}

	/**
	 * Encodes chars as single bytes: ISO-8859-1 ({@code max} 0xFF) or US-ASCII (0x7F); a char
	 * beyond {@code max} becomes {@code ?}, a surrogate pair one {@code ?}, as String.getBytes does.
	 *
	 * @param high a high surrogate left over from the previous call, or 0
	 * @return a high surrogate at the end that waits for its low half, or 0
	 */
	final char appendSingleByte(CharSequence text, int off, int len, char max, char high) {
		ensure(len + 1);
		byte[] b = buf;
		int n = count;
		for (int i = off, end = off + len; i < end; i++) {
			char c = text.charAt(i);
			if (high != 0) {
				high = 0;
				b[n++] = '?'; // the pair, or a lone high surrogate
				if (Character.isLowSurrogate(c)) {
					continue;
				}
			}
			if (Character.isHighSurrogate(c)) {
				high = c;
			} else {
				b[n++] = (byte) (c <= max ? c : '?');
			}
		}
		count = n;
		return high;
	}

	final int size() {
		return count;
	}

	final byte[] toByteArray() {
		return Arrays.copyOf(buf, count);
	}

	final void sendTo(OutputStream out) throws IOException {
		out.write(buf, 0, count);
	}

	final void clear() {
		count = 0;
	}

	private void ensure(int more) {
		if (count + more > buf.length) {
			buf = Arrays.copyOf(buf, Math.max(buf.length * 2, count + more));
		}
	}
}
