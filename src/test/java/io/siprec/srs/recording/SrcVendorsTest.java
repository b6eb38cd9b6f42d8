package io.siprec.srs.recording;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SrcVendorsTest {

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "Oracle (Acme Packet) SBC | | - | unique-boundary-1 | | <apkt:ucid xmlns:apkt='http://acmepacket.com/siprec/extensiondata'/>",
        "AudioCodes SBC | Mediant SW/v.7.40A | AudiocodesGW | boundary_ac2b7f | | ",
        "Cisco CUBE | Cisco-SIPGateway/IOS-15 | CiscoSystemsSIP-GW-UserAgent | uniqueBoundary | | ",
        "Ribbon (Sonus) SBC | | Sonus_UAC | sonus-content-delim | | ",
        "Avaya SBCE | | - | foobar | \"x\" <sip:ASBCE@192.0.2.9;+sip.src> | ",
        "BroadWorks / Webex Calling | | BroadWorks | UniqueBroadWorksBoundary | | ",
        "OpenSIPS | OpenSIPS (3.4) | - | OSS-unique-boundary-42 | | ",
        "FreeSWITCH | FreeSWITCH-mod_sofia/1.10 | FreeSWITCH | x | | ",
        "unknown | SomethingElse/1.0 | - | b | | "
      })
  void namesTheProductFromItsHabits(
      String vendor, String ua, String origin, String boundary, String contact, String xml) {
    SrcVendors.Clues clues =
        new SrcVendors.Clues(
            ua == null ? "" : ua,
            origin,
            boundary,
            contact == null ? "" : contact,
            xml == null ? "" : xml,
            List.of());
    assertThat(SrcVendors.detect(clues)).isEqualTo(vendor);
  }
}
