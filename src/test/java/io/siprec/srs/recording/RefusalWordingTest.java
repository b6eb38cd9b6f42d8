package io.siprec.srs.recording;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The words an operator reads on a "last rejections" row. */
class RefusalWordingTest {

  @Test
  void a420NamesTheOptionTagWeDoNotSupportAndTheRequireItCameIn() {
    SipRequest invite = invite(Map.of("require", List.of("siprec, x-vendor-beep")), null, null);
    Refused refused = Refused.of(420, "Bad Extension", "Unsupported", "x-vendor-beep");

    assertThat(RefusalWording.describe(invite, refused))
        .isEqualTo("unsupported option tag x-vendor-beep in Require: siprec, x-vendor-beep");
  }

  @Test
  void a488ListsEachOfferedLineWithItsCodecsNamedFromRtpmapOrTheStaticTable() throws IOException {
    byte[] sdp =
        Files.readAllBytes(
            Path.of("src/test/resources/recording/offer-ilbc-gsm-g729-and-an-unnamed-type.sdp"));
    SipRequest invite = invite(Map.of(), "application/sdp", sdp);
    Refused refused =
        Refused.of(
            488,
            "Not Acceptable Here",
            "Warning",
            "305 srs.example \"no codec we decode on line 1\"");

    assertThat(RefusalWording.describe(invite, refused))
        .isEqualTo(
            "Not Acceptable Here: no codec we decode on line 1; offered audio RTP/AVP iLBC/8000"
                + " GSM/8000; audio RTP/AVP G729/8000 payload type 100");
  }

  @Test
  void a488WithoutAnSdpSaysSo() {
    Refused refused = Refused.of(488, "Not a SIPREC recording session");

    assertThat(RefusalWording.describe(invite(Map.of(), null, null), refused))
        .isEqualTo("Not a SIPREC recording session; offered no SDP");
  }

  @Test
  void a488WithAnUnreadableSdpSaysItCannotBeRead() {
    SipRequest invite = invite(Map.of(), "application/sdp", "not sdp at all".getBytes());

    assertThat(RefusalWording.describe(invite, Refused.of(488, "Not Acceptable Here")))
        .startsWith("Not Acceptable Here; offered an SDP that cannot be read (");
  }

  @Test
  void a503NamesTheLimitAndTheHeadroomReadingAndWhenToRetry() {
    Refused refused =
        new Refused(
            503,
            "Server at capacity",
            List.of(
                new ResponseHeader("Retry-After", "5"),
                new ResponseHeader("Warning", "399 srs.example \"heap 93% used (limit 90%)\"")));

    assertThat(RefusalWording.describe(invite(Map.of(), null, null), refused))
        .isEqualTo(
            "limit reached: Server at capacity (heap 93% used (limit 90%)); retry after 5 s");
    assertThat(
            RefusalWording.describe(
                invite(Map.of(), null, null),
                Refused.of(503, "Too many recording sessions", "Retry-After", "2")))
        .isEqualTo("limit reached: Too many recording sessions; retry after 2 s");
  }

  @Test
  void otherRefusalsKeepTheirReasonAndAnyWarningText() {
    assertThat(
            RefusalWording.describe(
                invite(Map.of(), null, null), Refused.of(403, "Source not allowed")))
        .isEqualTo("Source not allowed");
    assertThat(
            RefusalWording.describe(
                invite(Map.of(), null, null),
                Refused.of(422, "Session Interval Too Small", "Warning", "malformed warning")))
        .isEqualTo("Session Interval Too Small: malformed warning");
  }

  private static SipRequest invite(
      Map<String, List<String>> headers, String contentType, byte[] body) {
    return new SipRequest(
        "INVITE",
        "192.0.2.10",
        5060,
        "udp",
        "refused-1@192.0.2.10",
        name -> headers.getOrDefault(name.toLowerCase(Locale.ROOT), List.of()),
        List.copyOf(headers.keySet()),
        contentType,
        body,
        false);
  }
}
