package io.siprec.srs.recording;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SipRequestAddressTest {

  @Test
  void anIpv4SourceIsHostPortTransport() {
    assertThat(SipRequest.srcAddress("192.0.2.10", 5060, "udp")).isEqualTo("192.0.2.10:5060/udp");
  }

  @Test
  void anIpv6SourceIsInBracketsAndInItsShortForm() {
    // As the container gives it (full form), and as RFC 5952 writes it.
    assertThat(SipRequest.srcAddress("0:0:0:0:0:0:0:1", 43202, "udp")).isEqualTo("[::1]:43202/udp");
    assertThat(SipRequest.srcAddress("2001:db8:0:0:0:0:2:1", 5060, "tcp"))
        .isEqualTo("[2001:db8::2:1]:5060/tcp");
    assertThat(SipRequest.srcAddress("2001:0db8:0:0:1:0:0:1", 5060, "udp"))
        .as("the first of two equal runs")
        .isEqualTo("[2001:db8::1:0:0:1]:5060/udp");
    assertThat(SipRequest.srcAddress("2001:db8:0:1:1:1:1:1", 5060, "udp"))
        .as("one zero group stays")
        .isEqualTo("[2001:db8:0:1:1:1:1:1]:5060/udp");
    assertThat(SipRequest.srcAddress("fe80:0:0:0:0:0:0:1%2", 5060, "udp"))
        .isEqualTo("[fe80::1%2]:5060/udp");
    assertThat(SipRequest.srcAddress("1:0:0:0:0:0:0:0", 5060, "udp")).isEqualTo("[1::]:5060/udp");
    assertThat(SipRequest.srcAddress("::1", 5060, "udp")).isEqualTo("[::1]:5060/udp");
  }
}
