package io.siprec.srs.sip;

import io.siprec.srs.offer.sdp.SdpKeyMasking;
import io.siprec.srs.session.RecordingSessionId;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Iterator;
import javax.servlet.sip.SipServletMessage;
import javax.servlet.sip.SipServletRequest;
import javax.servlet.sip.SipServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes each SIP message we receive or send into the {@link SipLadderStore}, as text (RFC 3261 §7:
 * start line, headers, blank line, body) with SDES keys masked. A message the container cannot show
 * us is left out of the ladder, never allowed to fail the call.
 */
final class SipLadderCapture {
  private static final Logger LOG = LoggerFactory.getLogger(SipLadderCapture.class);

  private final SipLadderStore store;

  SipLadderCapture(SipLadderStore store) {
    this.store = store;
  }

  void received(SipServletMessage message) {
    add(message, true, store.now());
  }

  /**
   * Sends a message and keeps it as sent: its text is read after sending, when the container has
   * filled in Via and tags, but its time is taken before, so that an answer which overtakes this
   * thread (the SRC's ACK to our 200) still comes after it on the ladder.
   */
  void send(SipServletMessage message) throws IOException {
    Instant at = store.now();
    message.send();
    add(message, false, at);
  }

  void answered(SipServletRequest invite, RecordingSessionId id) {
    store.answered(invite.getCallId(), id);
  }

  void ended(SipServletMessage message) {
    store.ended(message.getCallId());
  }

  void refused(SipServletRequest invite) {
    store.refused(invite.getCallId());
  }

  private void add(SipServletMessage message, boolean received, Instant at) {
    try {
      boolean initialInvite =
          message instanceof SipServletRequest req
              && "INVITE".equals(req.getMethod())
              && req.isInitial();
      String startLine = startLine(message);
      store.add(
          message.getCallId(),
          at,
          received,
          startLine,
          label(message),
          text(startLine, message),
          initialInvite && received);
    } catch (IOException | RuntimeException e) {
      LOG.debug("SIP message not kept for the ladder: {}", e.toString());
    }
  }

  static String startLine(SipServletMessage message) {
    if (message instanceof SipServletRequest req) {
      return req.getMethod() + " " + req.getRequestURI() + " SIP/2.0";
    }
    SipServletResponse resp = (SipServletResponse) message;
    return "SIP/2.0 " + resp.getStatus() + " " + resp.getReasonPhrase();
  }

  /** "INVITE", or "200 (INVITE)" for a response: the arrow's words. */
  static String label(SipServletMessage message) {
    if (message instanceof SipServletRequest req) {
      return req.getMethod();
    }
    SipServletResponse resp = (SipServletResponse) message;
    return resp.getStatus() + " " + resp.getReasonPhrase() + " (" + resp.getMethod() + ")";
  }

  private static String text(String startLine, SipServletMessage message) throws IOException {
    StringBuilder out = new StringBuilder(1024).append(startLine).append("\r\n");
    Iterator<String> names = message.getHeaderNames();
    while (names != null && names.hasNext()) {
      String name = names.next();
      Iterator<String> values = message.getHeaders(name);
      while (values != null && values.hasNext()) {
        out.append(name).append(": ").append(values.next()).append("\r\n");
      }
    }
    out.append("\r\n");
    byte[] body = message.getRawContent();
    if (body != null && body.length > 0) {
      // SDP is US-ASCII and metadata XML UTF-8 (RFC 7865 §9): UTF-8 reads both. Keys are only in
      // the body (RFC 4568 §9.1 a=crypto, RFC 4567 a=key-mgmt, RFC 4566 §5.12 k=).
      out.append(SdpKeyMasking.mask(new String(body, StandardCharsets.UTF_8)));
    }
    return out.toString();
  }
}
