package io.siprec.srs.sip;

import io.siprec.srs.metadata.MetadataReader;
import io.siprec.srs.offer.body.SiprecBody;
import io.siprec.srs.offer.sdp.OfferNegotiation;
import io.siprec.srs.offer.sdp.SdpAnswer;
import io.siprec.srs.offer.sdp.SdpKeyMasking;
import io.siprec.srs.offer.sdp.SdpParser;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * Takes a bundled SIPREC INVITE (an RFC 7866 style offer with RFC 7865 metadata) through the
 * container-free steps of an INVITE at start-up: body, SDP, offer/answer, metadata, vendor
 * detection. The first real INVITE after start otherwise pays for loading and linking all of them
 * (about 500 classes, the XML binding context among them), long enough for an SRC to retransmit
 * over UDP. Nothing is allocated, answered or published.
 */
final class InviteRehearsal {
  private static final String FIXTURE = "warmup-invite.sip";

  private InviteRehearsal() {}

  /**
   * The container's side: its SIP stack parses the bundled INVITE and writes a 100 and a 200 for
   * it, through the standard JAIN-SIP message factory (about 200 parser and header classes that the
   * first request would otherwise load). No transaction, no socket.
   */
  static void runThroughSipStack() throws javax.sip.PeerUnavailableException, java.text.ParseException {
    javax.sip.SipFactory factory = javax.sip.SipFactory.getInstance();
    factory.setPathName("gov.nist");
    javax.sip.message.MessageFactory messages = factory.createMessageFactory();
    javax.sip.message.Request invite = messages.createRequest(new String(fixture(), StandardCharsets.ISO_8859_1));
    messages.createResponse(100, invite).toString();
    messages.createResponse(200, invite).toString();
  }

  static void run(OfferNegotiation negotiation, MetadataReader metadata, String advertisedAddress) {
    String message = new String(fixture(), StandardCharsets.ISO_8859_1);
    int split = message.indexOf("\r\n\r\n");
    String head = message.substring(0, split);
    byte[] content = message.substring(split + 4).getBytes(StandardCharsets.ISO_8859_1);

    SiprecBody body = SiprecBody.read(header(head, "content-type"), content);
    OfferNegotiation.Outcome outcome = negotiation.negotiate(SdpParser.parse(body.sdp().orElseThrow()));
    metadata.read(body.metadata().orElseThrow().content());
    SrcVendors.detect(new SrcVendors.Clues(header(head, "user-agent"), outcome.offer().origin().username(),
        "rfc-example-boundary", header(head, "contact"), "", List.of()));
    List<Integer> ports = Collections.nCopies(outcome.lines().size(), 0);
    SdpKeyMasking.mask(SdpAnswer.write(outcome, ports, advertisedAddress, 1, 1));
  }

  private static String header(String head, String name) {
    for (String line : head.split("\r\n")) {
      int colon = line.indexOf(':');
      if (colon > 0 && line.substring(0, colon).trim().toLowerCase(Locale.ROOT).equals(name)) {
        return line.substring(colon + 1).trim();
      }
    }
    return "";
  }

  private static byte[] fixture() {
    try (InputStream in = InviteRehearsal.class.getResourceAsStream(FIXTURE)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + FIXTURE);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
