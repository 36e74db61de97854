package io.pluginkit.runtime.internal.security;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * The {@code pluginkit.admin.allow} list: IP addresses and CIDR ranges (IPv4 and IPv6, e.g.
 * {@code 127.0.0.1, 10.0.0.0/8, ::1, fd00::/8}) from which the admin API, the admin UI and
 * {@code /api} may be used. Absent or blank: every address. Only literal addresses count (no host
 * names, so no DNS lookup on a request); an entry that is not one is said once and ignored, and a
 * list of nothing but such entries allows no address at all (it fails closed).
 */
public final class AddressList {

	/** The property that sets the list. */
	public static final String PROPERTY = "pluginkit.admin.allow";

	private static final Pattern LITERAL = Pattern.compile("[0-9.]+|[0-9a-fA-F:.]*:[0-9a-fA-F:.]*");

	private record Range(byte[] network, int prefix) {
		boolean contains(byte[] address) {
			if (address.length != network.length) {
				return false;
			}
			int full = prefix / 8;
			for (int i = 0; i < full; i++) {
				if (address[i] != network[i]) {
					return false;
				}
			}
			int rest = prefix % 8;
			if (rest == 0) {
				return true;
			}
			int mask = 0xFF << (8 - rest) & 0xFF;
			return (address[full] & mask) == (network[full] & mask);
		}
	}

	private final List<Range> ranges;
	private final boolean everyone;
	private final String text;

	private AddressList(List<Range> ranges, boolean everyone, String text) {
		this.ranges = List.copyOf(ranges);
		this.everyone = everyone;
		this.text = text;
	}

	/**
	 * The list a setting gives.
	 *
	 * @param warnings told once about each entry that is not an address or a range
	 */
	public static AddressList parse(String setting, Consumer<String> warnings) {
		if (setting == null || setting.isBlank()) {
			return new AddressList(List.of(), true, "every address");
		}
		List<Range> ranges = new ArrayList<>();
		for (String entry : setting.split("[,\\s]+")) {
			if (entry.isEmpty()) {
				continue;
			}
			try {
				ranges.add(range(entry));
			} catch (IllegalArgumentException e) {
				warnings.accept(PROPERTY + ": '" + entry + "' is ignored: " + e.getMessage()
					+ "; write an IP address or a CIDR range such as 10.0.0.0/8");
			}
		}
		if (ranges.isEmpty()) {
			warnings.accept(PROPERTY + "='" + setting + "' names no valid address: the admin API allows no address");
		}
		return new AddressList(ranges, false, setting.trim());
	}

	private static Range range(String entry) {
		int slash = entry.indexOf('/');
		String host = slash < 0 ? entry : entry.substring(0, slash);
		byte[] address = literal(host);
		int prefix = address.length * 8;
		if (slash >= 0) {
			try {
				prefix = Integer.parseInt(entry.substring(slash + 1));
			} catch (NumberFormatException e) {
				throw new IllegalArgumentException("the prefix length is not a number");
			}
			if (prefix < 0 || prefix > address.length * 8) {
				throw new IllegalArgumentException("the prefix length must be 0 to " + address.length * 8);
			}
		}
		return new Range(address, prefix);
	}

	private static byte[] literal(String host) {
		String h = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
		if (!LITERAL.matcher(h).matches()) {
			throw new IllegalArgumentException("not an IP address");
		}
		try {
			return InetAddress.getByName(h).getAddress();
		} catch (UnknownHostException e) {
			throw new IllegalArgumentException("not an IP address");
		}
	}

	/** Whether a request's remote address (as the container gives it) is allowed. */
	public boolean allows(String remoteAddress) {
		if (everyone) {
			return true;
		}
		if (remoteAddress == null) {
			return false;
		}
		byte[] address;
		try {
			address = literal(remoteAddress);
		} catch (IllegalArgumentException e) {
			return false;
		}
		byte[] mapped = ipv4Mapped(address);
		for (Range r : ranges) {
			if (r.contains(address) || mapped != null && r.contains(mapped)) {
				return true;
			}
		}
		return false;
	}

	/** The IPv4 address inside an IPv4-mapped IPv6 one ({@code ::ffff:10.0.0.1}), else null. */
	private static byte[] ipv4Mapped(byte[] address) {
		if (address.length != 16) {
			return null;
		}
		for (int i = 0; i < 10; i++) {
			if (address[i] != 0) {
				return null;
			}
		}
		if (address[10] != (byte) 0xFF || address[11] != (byte) 0xFF) {
			return null;
		}
		return new byte[] { address[12], address[13], address[14], address[15] };
	}

	@Override
	public String toString() {
		return text;
	}
}
