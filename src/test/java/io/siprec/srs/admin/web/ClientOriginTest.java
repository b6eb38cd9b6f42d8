package io.siprec.srs.admin.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.siprec.srs.config.AddressRanges;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClientOriginTest {
  /**
   * Our proxy at 10.0.0.5 and a second tier of proxies in 172.16.0.0/12, as an operator would list
   * them.
   */
  private static final AddressRanges TRUSTED =
      AddressRanges.of(List.of("10.0.0.5", "172.16.0.0/12", "fd00::/8"));

  private static ClientOrigin origin(
      String peer, List<String> forwardedFor, List<String> forwardedProto) {
    return ClientOrigin.of(TRUSTED, peer, false, forwardedFor, forwardedProto);
  }

  @Test
  void fromATrustedProxyTheForwardedClientAndSchemeCount() {
    ClientOrigin o = origin("10.0.0.5", List.of("203.0.113.7"), List.of("https"));
    assertThat(o).isEqualTo(new ClientOrigin("203.0.113.7", true));
    assertThat(origin("10.0.0.5", List.of("203.0.113.7"), List.of("http")).secure()).isFalse();
    assertThat(origin("10.0.0.5", List.of("203.0.113.7"), List.of("HTTPS")).secure()).isTrue();
  }

  @Test
  void fromAnUntrustedPeerBothHeadersAreIgnored() {
    ClientOrigin o = origin("198.51.100.9", List.of("203.0.113.7"), List.of("https"));
    assertThat(o).isEqualTo(new ClientOrigin("198.51.100.9", false));
    // Its own TLS still counts.
    assertThat(ClientOrigin.of(TRUSTED, "198.51.100.9", true, List.of(), List.of()).secure())
        .isTrue();
    // With no proxy trusted at all (the default), nobody's headers count.
    assertThat(
            ClientOrigin.of(
                AddressRanges.none(), "10.0.0.5", false, List.of("203.0.113.7"), List.of("https")))
        .isEqualTo(new ClientOrigin("10.0.0.5", false));
  }

  @Test
  void theClientIsTheRightMostAddressThatIsNotATrustedProxy() {
    // The client wrote "192.0.2.1" itself; our proxies appended the rest.
    assertThat(
            origin("10.0.0.5", List.of("192.0.2.1, 203.0.113.7, 172.16.4.4"), List.of()).address())
        .isEqualTo("203.0.113.7");
    // The same spread over several header lines, in order.
    assertThat(
            origin("10.0.0.5", List.of("192.0.2.1", "203.0.113.7", "172.16.4.4"), List.of())
                .address())
        .isEqualTo("203.0.113.7");
    // A request from inside, every hop a trusted proxy: the left-most is the client.
    assertThat(origin("10.0.0.5", List.of("172.16.9.9, 172.16.4.4"), List.of()).address())
        .isEqualTo("172.16.9.9");
  }

  @Test
  void portsBracketsAndIpv6AreUnderstood() {
    assertThat(origin("10.0.0.5", List.of("203.0.113.7:51234"), List.of()).address())
        .isEqualTo("203.0.113.7");
    assertThat(origin("10.0.0.5", List.of("[2001:db8::7]:51234"), List.of()).address())
        .isEqualTo("2001:db8::7");
    assertThat(origin("fd00::1", List.of("2001:db8::7"), List.of("https")))
        .isEqualTo(new ClientOrigin("2001:db8::7", true));
    assertThat(origin("10.0.0.5", List.of("2001:db8::7, fd00::2"), List.of()).address())
        .isEqualTo("2001:db8::7");
  }

  @Test
  void whatIsNoAddressNeverBecomesTheClient() {
    // The walk stops at the last good hop: here the trusted proxy that passed the garbage on.
    assertThat(origin("10.0.0.5", List.of("unknown"), List.of()).address()).isEqualTo("10.0.0.5");
    assertThat(origin("10.0.0.5", List.of("evil.example.com, 172.16.4.4"), List.of()).address())
        .isEqualTo("172.16.4.4");
    assertThat(origin("10.0.0.5", List.of(), List.of()).address())
        .as("no header: the proxy itself")
        .isEqualTo("10.0.0.5");
    assertThat(origin("10.0.0.5", List.of(" , "), List.of()).address()).isEqualTo("10.0.0.5");
  }

  @Test
  void anyHttpsAmongTheValuesMakesTheCookieSecure() {
    assertThat(origin("10.0.0.5", List.of("203.0.113.7"), List.of("https, http")).secure())
        .isTrue();
    assertThat(origin("10.0.0.5", List.of("203.0.113.7"), List.of("http", "https")).secure())
        .isTrue();
    assertThat(origin("10.0.0.5", List.of("203.0.113.7"), List.of()).secure()).isFalse();
  }
}
