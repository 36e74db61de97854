package io.pluginkit.runtime.internal.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class AddressListTest {

	final List<String> warnings = new ArrayList<>();

	@Test
	void noSettingAllowsEveryAddress() {
		assertThat(AddressList.parse(null, warnings::add).allows("203.0.113.9")).isTrue();
		assertThat(AddressList.parse("  ", warnings::add).allows("::1")).isTrue();
		assertThat(warnings).isEmpty();
	}

	@Test
	void addressesAndRangesOfBothFamiliesAreMatched() {
		AddressList list = AddressList.parse("127.0.0.1, 10.0.0.0/8 fd00::/8,[::1]", warnings::add);
		assertThat(list.allows("127.0.0.1")).isTrue();
		assertThat(list.allows("10.200.3.4")).isTrue();
		assertThat(list.allows("11.0.0.1")).isFalse();
		assertThat(list.allows("fd12::5")).isTrue();
		assertThat(list.allows("0:0:0:0:0:0:0:1")).isTrue();
		assertThat(list.allows("::ffff:10.1.1.1")).isTrue();
		assertThat(list.allows("fe80::1")).isFalse();
		assertThat(list.allows(null)).isFalse();
		assertThat(warnings).isEmpty();
	}

	@Test
	void aPrefixNeedNotBeAWholeByte() {
		AddressList list = AddressList.parse("192.168.4.0/22", warnings::add);
		assertThat(list.allows("192.168.7.255")).isTrue();
		assertThat(list.allows("192.168.8.0")).isFalse();
	}

	@Test
	void hostNamesAndBadPrefixesAreSaidAndIgnoredAndNothingValidFailsClosed() {
		AddressList list = AddressList.parse("localhost, 10.0.0.0/33, 10.0.0.0/x", warnings::add);
		assertThat(warnings).hasSize(4).anyMatch(w -> w.contains("'localhost' is ignored: not an IP address"))
			.anyMatch(w -> w.contains("0 to 32")).anyMatch(w -> w.contains("allows no address"));
		assertThat(list.allows("127.0.0.1")).isFalse();
	}
}
