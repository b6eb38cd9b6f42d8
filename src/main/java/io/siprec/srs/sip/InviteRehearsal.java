package io.siprec.srs.sip;

import io.siprec.srs.recording.SipRequest;
import io.siprec.srs.recording.SiprecRecorder;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.sip.PeerUnavailableException;
import javax.sip.SipFactory;
import javax.sip.message.MessageFactory;
import javax.sip.message.Request;

/**
 * A bundled SIPREC INVITE (an RFC 7866 style offer with RFC 7865 metadata) for the start-up
 * warm-up: {@link SiprecRecorder#rehearse} takes it through the real INVITE path (body, SDP,
 * offer/answer, metadata, vendor detection, answer) in its dry-run form, and the container's SIP
 * stack parses it. The first real INVITE after start otherwise pays for loading and linking all of
 * them (about 500 classes, the XML binding context among them), long enough for an SRC to
 * retransmit over UDP. Nothing is allocated, answered or published.
 */
final class InviteRehearsal {
  private static final String FIXTURE = "warmup-invite.sip";

  private InviteRehearsal() {}

  /**
   * The container's side: its SIP stack parses the bundled INVITE and writes a 100 and a 200 for
   * it, through the standard JAIN-SIP message factory (about 200 parser and header classes that the
   * first request would otherwise load). No transaction, no socket.
   */
  static void runThroughSipStack() throws PeerUnavailableException, ParseException {
    SipFactory factory = SipFactory.getInstance();
    factory.setPathName("gov.nist");
    MessageFactory messages = factory.createMessageFactory();
    Request invite = messages.createRequest(new String(fixture(), StandardCharsets.ISO_8859_1));
    messages.createResponse(100, invite).toString();
    messages.createResponse(200, invite).toString();
  }

  /** The bundled INVITE as the core sees a request, from a loopback SRC. */
  static SipRequest request() {
    String message = new String(fixture(), StandardCharsets.ISO_8859_1);
    int split = message.indexOf("\r\n\r\n");
    byte[] content = message.substring(split + 4).getBytes(StandardCharsets.ISO_8859_1);
    Map<String, List<String>> headers = new LinkedHashMap<>();
    List<String> names = new ArrayList<>();
    String[] lines = message.substring(0, split).split("\r\n");
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      if (colon > 0) {
        String name = lines[i].substring(0, colon).trim();
        names.add(name);
        headers
            .computeIfAbsent(name.toLowerCase(Locale.ROOT), n -> new ArrayList<>())
            .add(lines[i].substring(colon + 1).trim());
      }
    }
    return new SipRequest(
        "INVITE",
        "127.0.0.1",
        5060,
        "udp",
        first(headers, "call-id"),
        name -> headers.getOrDefault(name.toLowerCase(Locale.ROOT), List.of()),
        names,
        first(headers, "content-type"),
        content,
        false);
  }

  private static String first(Map<String, List<String>> headers, String name) {
    return headers.getOrDefault(name, List.of("")).get(0);
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
