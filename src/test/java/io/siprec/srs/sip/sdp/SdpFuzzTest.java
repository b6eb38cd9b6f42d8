package io.siprec.srs.sip.sdp;

import io.siprec.srs.sip.body.SiprecBody;
import io.siprec.srs.testsupport.Fixtures;
import io.siprec.srs.testsupport.Fuzzer;
import org.junit.jupiter.api.Test;

/** Hostile SDP, straight into the parser and the offer/answer, answer built included. */
class SdpFuzzTest {
  private final OfferNegotiation negotiation = new OfferNegotiation(CodecTable.allDecodable());

  @Test
  void mutatedOffersAreAnsweredOrRefusedCleanly() {
    Fuzzer.named("sdp", java.util.Set.of(SdpException.class))
        .seedsFrom("sdp")
        .seed(sdpOf("siprec-corpus/04_oracle_acme_invite.sip"))
        .tokens("\r\n", "\n", "m=audio ", "m=video 0 RTP/AVP 31\r\n", " RTP/SAVP ", " UDP/TLS/RTP/SAVP ",
            "a=rtpmap:", "a=fmtp:", "a=label:", "a=inactive\r\n", "c=IN IP4 0.0.0.0\r\n", "/8000/0", "/0",
            " 127 ", " 128 ", "99999", "-1", "a=crypto:1 AES_CM_128_HMAC_SHA1_32 inline:AAAA|2^20|1:1\r\n", "=")
        .run(8000, 7L, this::answer);
  }

  private void answer(byte[] sdp) {
    OfferNegotiation.Outcome outcome = negotiation.negotiate(SdpParser.parse(sdp));
    int port = 20000;
    java.util.List<Integer> ports = new java.util.ArrayList<>();
    for (int i = 0; i < outcome.lines().size(); i++) {
      ports.add(port += 2);
    }
    SdpAnswer.write(outcome, ports, "192.0.2.1", 1, 1);
  }

  private static byte[] sdpOf(String request) {
    String text = Fixtures.text(request);
    int split = text.indexOf("\r\n\r\n");
    java.util.regex.Matcher ct = java.util.regex.Pattern.compile("(?im)^Content-Type:\\s*(.*)$")
        .matcher(text.substring(0, split));
    ct.find();
    return SiprecBody.read(ct.group(1).trim(), text.substring(split + 4).getBytes(
        java.nio.charset.StandardCharsets.ISO_8859_1)).sdp().orElseThrow();
  }
}
