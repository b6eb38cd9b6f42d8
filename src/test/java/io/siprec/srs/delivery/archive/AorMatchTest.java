package io.siprec.srs.delivery.archive;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AorMatchTest {
  @Test
  void theSameParticipantWrittenDifferently() {
    String carol = "sip:+15550142001@carrier.example.net";
    assertThat(AorMatch.same(carol, "<sip:+1-555-014-2001@Carrier.Example.NET;user=phone>"))
        .isTrue();
    assertThat(AorMatch.same(carol, "sips:+15550142001@carrier.example.net")).isTrue();
    assertThat(AorMatch.same(carol, "SIP:+15550142001@carrier.example.net?subject=x")).isTrue();
    assertThat(AorMatch.same(carol, "+15550142001@carrier.example.net")).isTrue();
    assertThat(AorMatch.same("sip:alice%40home@example.com", "sip:alice@home@example.com"))
        .isTrue();
    assertThat(AorMatch.same("tel:+1-555-0100", "tel:+15550100")).isTrue();
  }

  @Test
  void differentParticipants() {
    // RFC 3261 19.1.4: the user part is compared case-sensitively, the host not.
    assertThat(AorMatch.same("sip:Alice@example.com", "sip:alice@example.com")).isFalse();
    assertThat(AorMatch.same("sip:alice@example.com", "sip:alice@example.org")).isFalse();
    assertThat(AorMatch.same("sip:+15550142001@a.example", "sip:+15550142002@a.example")).isFalse();
    assertThat(AorMatch.same("sip:4711@pbx.example.org", "sip:47110@pbx.example.org")).isFalse();
    // A name with dots is not a telephone number: its dots stay.
    assertThat(AorMatch.same("sip:a.b@example.com", "sip:ab@example.com")).isFalse();
  }

  @Test
  void nothingMatchesAnEmptyAddress() {
    assertThat(AorMatch.same("", "")).isFalse();
    assertThat(AorMatch.same("sip:", "")).isFalse();
  }
}
