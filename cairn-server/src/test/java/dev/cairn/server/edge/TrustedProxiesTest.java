package dev.cairn.server.edge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class TrustedProxiesTest {
    private final TrustedProxies proxies = TrustedProxies.parse("10.0.0.0/8, 192.0.2.10,2001:db8::/32");

    @Test
    void withNoTrustedProxyTheHeaderIsIgnored() {
        assertThat(TrustedProxies.none().clientAddress("10.1.2.3", List.of("198.51.100.7")))
                .isEqualTo("10.1.2.3");
        assertThat(TrustedProxies.parse(" ").isEmpty()).isTrue();
    }

    @Test
    void aRequestFromAnUntrustedPeerKeepsThePeersAddress() {
        assertThat(proxies.clientAddress("203.0.113.5", List.of("198.51.100.7")))
                .isEqualTo("203.0.113.5");
    }

    @Test
    void aTrustedProxyGivesTheRightmostAddressThatIsNotATrustedProxy() {
        assertThat(proxies.clientAddress("192.0.2.10", List.of("6.6.6.6, 198.51.100.7, 10.9.9.9")))
                .as("the client wrote 6.6.6.6 itself; 10.9.9.9 is a trusted hop")
                .isEqualTo("198.51.100.7");
    }

    @Test
    void severalHeadersAreReadAsOneListInOrder() {
        assertThat(proxies.clientAddress("10.0.0.1", List.of("198.51.100.7", "203.0.113.9, 10.2.2.2")))
                .isEqualTo("203.0.113.9");
    }

    @Test
    void whenEveryHopIsTrustedTheLeftmostIsTaken() {
        assertThat(proxies.clientAddress("10.0.0.1", List.of("10.0.0.3, 10.0.0.2")))
                .isEqualTo("10.0.0.3");
    }

    @Test
    void anEntryThatIsNotAnAddressEndsTheWalkAtTheProxyThatWroteIt() {
        assertThat(proxies.clientAddress("10.0.0.1", List.of("198.51.100.7, unknown")))
                .isEqualTo("10.0.0.1");
        assertThat(proxies.clientAddress("10.0.0.1", List.of("evil.example.com, 10.0.0.2")))
                .isEqualTo("10.0.0.2");
        assertThat(proxies.clientAddress("10.0.0.1", List.of("300.1.1.1"))).isEqualTo("10.0.0.1");
    }

    @Test
    void portsAndBracketsAreTakenOff() {
        assertThat(proxies.clientAddress("10.0.0.1", List.of("198.51.100.7:5060")))
                .isEqualTo("198.51.100.7");
        assertThat(proxies.clientAddress("10.0.0.1", List.of("[2001:db9::1]:443")))
                .isEqualTo("2001:db9::1");
    }

    @Test
    void ipv6BlocksAndIpv4MappedPeersAreMatched() {
        assertThat(proxies.clientAddress("2001:db8:ffff::1", List.of("198.51.100.7")))
                .isEqualTo("198.51.100.7");
        assertThat(proxies.clientAddress("::ffff:10.0.0.1", List.of("198.51.100.7")))
                .isEqualTo("198.51.100.7");
        assertThat(proxies.clientAddress("2001:db9::1", List.of("198.51.100.7")))
                .isEqualTo("2001:db9::1");
    }

    @Test
    void prefixesThatAreNotWholeBytesAreMatchedBitByBit() {
        TrustedProxies block = TrustedProxies.parse("172.16.0.0/12");
        assertThat(block.clientAddress("172.31.255.255", List.of("198.51.100.7")))
                .isEqualTo("198.51.100.7");
        assertThat(block.clientAddress("172.32.0.1", List.of("198.51.100.7"))).isEqualTo("172.32.0.1");
    }

    @Test
    void aBadEntryIsRefusedByName() {
        assertThatThrownBy(() -> TrustedProxies.parse("10.0.0.0/8,proxy.internal"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'proxy.internal'");
        assertThatThrownBy(() -> TrustedProxies.parse("10.0.0.0/33"))
                .hasMessageContaining("'10.0.0.0/33'")
                .hasMessageContaining("0 to 32");
        assertThatThrownBy(() -> TrustedProxies.parse("10.0.0.1,,10.0.0.2")).hasMessageContaining("empty entry");
    }
}
