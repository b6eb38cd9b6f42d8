package io.siprec.srs.sip.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class RawBadRequestTest {
  private static String answer(String head) {
    byte[] bytes =
        RawBadRequest.answer(head.getBytes(StandardCharsets.ISO_8859_1), "Bad Request (CSeq)");
    return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
  }

  @Test
  void copiesWhatAResponseCarriesFromAnyForm() {
    String response =
        answer(
            "INVITE sip:srs@h SIP/2.0\nv: SIP/2.0/TCP a;branch=z9hG4bK1,\n"
                + " SIP/2.0/UDP b;branch=z9hG4bK2\n"
                + "VIA: SIP/2.0/UDP c;branch=z9hG4bK3\nf: <sip:x@y>;tag=9\nt:\n <sip:srs@h>\ni: call-1\nCSEQ: x INVITE\n"
                + "Subject: ignored\nl: 10\n\n");
    assertThat(response)
        .startsWith("SIP/2.0 400 Bad Request (CSeq)\r\n")
        .contains(
            "Via: SIP/2.0/TCP a;branch=z9hG4bK1, SIP/2.0/UDP b;branch=z9hG4bK2\r\n"
                + "Via: SIP/2.0/UDP c;branch=z9hG4bK3\r\n")
        .contains("From: <sip:x@y>;tag=9\r\n")
        .containsPattern("To: <sip:srs@h>;tag=[0-9a-f]+\r\n")
        .contains("Call-ID: call-1\r\n")
        .contains("CSeq: x INVITE\r\n")
        .endsWith("Content-Length: 0\r\n\r\n")
        .doesNotContain("Subject");
  }

  @Test
  void keepsAToTagThatIsThere() {
    String response =
        answer(
            "BYE sip:srs@h SIP/2.0\r\nVia: SIP/2.0/TCP a;branch=z9hG4bK1\r\nFrom: <sip:x@y>;tag=9\r\n"
                + "To: <sip:srs@h>;tag=abc\r\nCall-ID: c\r\nCSeq: 2 BYE\r\n\r\n");
    assertThat(response).contains("To: <sip:srs@h>;tag=abc\r\n");
  }

  @Test
  void nothingForAnAckAResponseOrWhatCannotBeAddressed() {
    assertThat(
            answer(
                "ACK sip:srs@h SIP/2.0\r\nVia: SIP/2.0/TCP a;branch=z9hG4bK1\r\nFrom: <sip:x@y>;tag=9\r\n"
                    + "To: <sip:srs@h>\r\nCall-ID: c\r\nCSeq: 1 ACK\r\n\r\n"))
        .isNull();
    assertThat(answer("SIP/2.0 200 OK\r\nVia: SIP/2.0/TCP a\r\n\r\n")).isNull();
    assertThat(
            answer(
                "INVITE sip:srs@h SIP/2.0\r\nVia: SIP/2.0/TCP a;branch=z9hG4bK1\r\nFrom: <sip:x@y>;tag=9\r\n"
                    + "To: <sip:srs@h>\r\nCSeq: 1 INVITE\r\n\r\n"))
        .as("no Call-ID")
        .isNull();
  }

  @Test
  void aReasonPhraseStaysOnOneLine() {
    assertThat(RawBadRequest.phrase("line one\r\nline two")).isEqualTo("line one line two");
    assertThat(RawBadRequest.phrase(null)).isEqualTo("unreadable");
  }
}
