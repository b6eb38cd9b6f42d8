package io.siprec.srs.recording;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SiprecMarkersTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "<sip:src@192.0.2.1:5060;transport=udp>;+sip.src", // RFC 7866
        "<sip:192.0.2.66:5060>;src", // AudioCodes manual, BroadWorks
        "\"ASBCE\" <sip:192.0.2.9:5060;transport=udp;+sip.src>", // Avaya SBCE: inside the URI
        "<sip:bw@192.0.2.3;src>;expires=60", // Webex: URI parameter
        "<sip:src@192.0.2.1> ; +sip.src ; foo=bar", // spaces
        "<sip:src@192.0.2.1>;+sip.src=\"\"" // with an (empty) value
      })
  void recognisesTheSrcFeatureTagInEverySpelling(String contact) {
    assertThat(SiprecMarkers.contactMarksSrc(contact)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "<sip:src@192.0.2.1>",
        "<sip:x@192.0.2.1;srcport=5>",
        "<sip:src@h>;+sip.srs",
        "sip:srcx@h"
      })
  void doesNotMistakeLookalikes(String contact) {
    assertThat(SiprecMarkers.contactMarksSrc(contact)).isFalse();
  }

  @Test
  void anyOneMarkerIsEnough() {
    assertThat(SiprecMarkers.isSiprec(List.of("siprec"), List.of(), "<sip:a@h>", false)).isTrue();
    assertThat(SiprecMarkers.isSiprec(List.of(), List.of("siprec"), "<sip:a@h>", false)).isTrue();
    assertThat(SiprecMarkers.isSiprec(List.of(), List.of(), "<sip:a@h>;src", false)).isTrue();
    assertThat(SiprecMarkers.isSiprec(List.of(), List.of(), "<sip:a@h>", true)).isTrue();
    assertThat(SiprecMarkers.isSiprec(List.of("timer"), List.of(), null, false)).isFalse();
  }
}
