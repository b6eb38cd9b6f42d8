package io.siprec.srs.sip.stack;

import static org.assertj.core.api.Assertions.assertThat;

import gov.nist.javax.sip.message.SIPMessage;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;

/**
 * RFC 3261 §18.3's body rules for a datagram, on fixtures the server also gets over real UDP
 * (FramingIT).
 */
class DatagramParserTest {
  private final DatagramParser parser = new DatagramParser();

  private SIPMessage datagram(String fixture) throws ParseException {
    return parser.parseSIPMessage(FramingFixtures.offline(fixture), true, false, null);
  }

  private static String body(SIPMessage m) {
    return new String(m.getRawContent(), StandardCharsets.ISO_8859_1);
  }

  @Test
  void withoutContentLengthTheBodyIsTheRestOfTheDatagram() throws ParseException {
    SIPMessage m = datagram("no-content-length.sip");
    assertThat(m.getRawContent()).hasSize(2496);
    assertThat(body(m))
        .startsWith("--rfc-example-boundary")
        .endsWith("--rfc-example-boundary--\r\n");
    assertThat(m.getContentLength().getContentLength()).isEqualTo(2496);
    assertThat(m.getApplicationData()).isNull();
  }

  @Test
  void bytesBeyondContentLengthAreDiscarded() throws ParseException {
    SIPMessage m = datagram("content-length-smaller-than-datagram.sip");
    assertThat(body(m))
        .contains("a=label:2")
        .doesNotContain("a=label:3")
        .endsWith("a=sendonly\r\n");
  }

  @Test
  void aContentLengthBeyondTheDatagramMarksTheMessageForA400() throws ParseException {
    SIPMessage m = datagram("content-length-larger-than-datagram.sip");
    assertThat(m.getApplicationData())
        .isEqualTo(FramingProblem.datagramShorterThanContentLength(2596, 2496));
    assertThat(((FramingProblem) m.getApplicationData()).reason())
        .isEqualTo(
            "Content-Length 2596 exceeds the 2496 body bytes in the datagram (RFC 3261 18.3)");
  }

  @Test
  void bareLineFeedsAndCompactFormsKeepTheBodyExact() throws ParseException {
    SIPMessage lf = datagram("lf-only-line-endings.sip");
    assertThat(lf.getRawContent()).hasSize(2430);
    assertThat(body(lf)).doesNotContain("\r");
    SIPMessage compact = datagram("compact-header-forms.sip");
    assertThat(compact.getRawContent()).hasSize(2496);
    assertThat(compact.getHeader("Session-Expires").toString()).contains("1800;refresher=uac");
    SIPMessage noFinalLineEnd = datagram("body-without-final-crlf.sip");
    assertThat(body(noFinalLineEnd)).endsWith("--rfc-example-boundary--");
  }

  @Test
  void withoutABodyReadTheHeaderSectionPassesThrough() throws ParseException {
    byte[] head =
        ("OPTIONS sip:a@b SIP/2.0\nv: SIP/2.0/TCP h;branch=z9hG4bK1\nf: <sip:x@y>;tag=1\nt: <sip:a@b>\n"
                + "i: c\nCSeq: 1 OPTIONS\nl: 0\n\n")
            .getBytes(StandardCharsets.US_ASCII);
    SIPMessage m = parser.parseSIPMessage(head, false, false, null);
    assertThat(m.getCallId().getCallId()).isEqualTo("c");
    assertThat(m.getRawContent()).isNull();
  }

  @Test
  void aDatagramThatDoesNotStartWithAStartLineIsRefusedNamingIt() {
    Assertions.assertThatThrownBy(() -> datagram("garbage-before-request-line.sip"))
        .isInstanceOf(ParseException.class)
        .hasMessage("Not a SIP start line (RFC 3261 7.1): HELLO");
  }

  @Test
  void lineEndsBeforeTheStartLineAndKeepAlivesPass() throws ParseException {
    assertThat(datagram("crlf-keep-alives-before-request-line.sip").getRawContent()).hasSize(2496);
    assertThat(
            parser.parseSIPMessage(
                "\r\n\r\n".getBytes(StandardCharsets.US_ASCII), true, false, null))
        .isNull();
    assertThat(parser.parseSIPMessage(new byte[4], true, false, null))
        .as("four zero bytes, a NAT keep-alive")
        .isNull();
  }

  @Test
  void aCompactOrOddlyCasedContentLengthCountsAsPresent() throws ParseException {
    for (String header : new String[] {"l: 4", "CONTENT-LENGTH  : 4", "content-length:4"}) {
      byte[] datagram =
          ("OPTIONS sip:a@b SIP/2.0\nVia: SIP/2.0/UDP h;branch=z9hG4bK1\nFrom: <sip:x@y>;tag=1\n"
                  + "To: <sip:a@b>\nCall-ID: c\nCSeq: 1 OPTIONS\n"
                  + header
                  + "\n\nabcdEXTRA")
              .getBytes(StandardCharsets.US_ASCII);
      assertThat(body(parser.parseSIPMessage(datagram, true, false, null)))
          .as(header)
          .isEqualTo("abcd");
    }
  }
}
