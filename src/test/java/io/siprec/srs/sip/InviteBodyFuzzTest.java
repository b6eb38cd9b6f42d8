package io.siprec.srs.sip;

import static org.assertj.core.api.Assertions.assertThat;

import io.siprec.srs.metadata.MetadataException;
import io.siprec.srs.metadata.MetadataReader;
import io.siprec.srs.sip.body.MalformedBodyException;
import io.siprec.srs.sip.body.SiprecBody;
import io.siprec.srs.sip.body.UnsupportedBodyException;
import io.siprec.srs.sip.sdp.CodecTable;
import io.siprec.srs.sip.sdp.OfferNegotiation;
import io.siprec.srs.sip.sdp.SdpException;
import io.siprec.srs.sip.sdp.SdpParser;
import io.siprec.srs.testsupport.Fuzzer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * Hostile SIPREC request bodies: whole requests from the corpus and our dialect fixtures, mutated,
 * through everything the server does with an INVITE body before it answers (multipart framing, SDP
 * parse and negotiation, metadata parse). Each may only be refused the documented way (400, 413,
 * 415, 488 come from these exceptions), never crash or hang.
 */
class InviteBodyFuzzTest {
  private final MetadataReader metadata = new MetadataReader(128 * 1024);
  private final OfferNegotiation negotiation = new OfferNegotiation(CodecTable.allDecodable());

  @Test
  void mutatedRequestsAreReadOrRefusedCleanly() {
    Fuzzer.Report report = Fuzzer.named("invite-body", java.util.Set.of(MalformedBodyException.class,
            UnsupportedBodyException.class, SdpException.class, MetadataException.class))
        .seedsFrom("siprec-corpus").seedsFrom("dialects").seedsFrom("bodies")
        .tokens("\r\n", "\r\n\r\n", "--", "boundary=", "Content-Type: application/sdp\r\n",
            "Content-Type: application/rs-metadata+xml\r\n", "m=audio 0 RTP/AVP 0\r\n", "a=label:",
            "a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:", "a=rtpmap:96 opus/48000/2\r\n", "c=IN IP6 ::1\r\n",
            "<!DOCTYPE r [<!ENTITY a \"aaaa\">]>", "<?xml version=\"1.0\" encoding=\"UTF-16\"?>", "]]>",
            "&amp;", "4294967296", "-1", "65536", "\u00ff\u00fe")
        .run(6000, 20261202L, this::handle);
    assertThat(report.inputs()).isEqualTo(6000);
  }

  private void handle(byte[] request) {
    String text = new String(request, StandardCharsets.ISO_8859_1);
    int split = text.indexOf("\r\n\r\n");
    if (split < 0) {
      split = text.indexOf("\n\n");
    }
    if (split < 0) {
      return; // no body: nothing of ours runs
    }
    String head = text.substring(0, split);
    byte[] body = text.substring(split).replaceFirst("^\r?\n\r?\n", "").getBytes(StandardCharsets.ISO_8859_1);
    java.util.regex.Matcher ct = java.util.regex.Pattern.compile("(?im)^(?:Content-Type|c):\\s*(.*)$").matcher(head);
    String contentType = ct.find() ? ct.group(1).trim() : null;
    SiprecBody parts = SiprecBody.read(contentType, body);
    if (parts.sdp().isPresent()) {
      negotiation.negotiate(SdpParser.parse(parts.sdp().get()));
    }
    if (parts.metadata().isPresent()) {
      metadata.read(parts.metadata().get().content());
    }
  }
}
