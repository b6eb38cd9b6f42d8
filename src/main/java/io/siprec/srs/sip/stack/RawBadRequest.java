package io.siprec.srs.sip.stack;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A 400 for a request the stack could not parse, built from the request's raw header lines: names
 * in any case or compact form (§7.3.3), lines ending in CRLF or a bare LF, folded lines joined
 * (§7.3.1). It copies what RFC 3261 §8.2.6.2 says a response carries: every Via in order, From, To
 * (with a tag added), Call-ID and CSeq. The stack's own automatic 400 only finds these in long form
 * with CRLF line ends.
 */
final class RawBadRequest {
  private RawBadRequest() {}

  /**
   * @return the response's bytes, or null for a response, an ACK, or a request lacking a header to
   *     copy
   */
  static byte[] answer(byte[] head, String reasonPhrase) {
    List<String> lines = unfoldedLines(new String(head, StandardCharsets.ISO_8859_1));
    if (lines.isEmpty() || lines.get(0).startsWith("SIP/") || lines.get(0).startsWith("ACK ")) {
      return null;
    }
    List<String> vias = new ArrayList<>();
    String from = null;
    String to = null;
    String callId = null;
    String cseq = null;
    for (String line : lines.subList(1, lines.size())) {
      int colon = line.indexOf(':');
      if (colon <= 0) {
        continue;
      }
      String value = line.substring(colon + 1).strip();
      switch (line.substring(0, colon).strip().toLowerCase(Locale.ROOT)) {
        case "via", "v" -> vias.add(value);
        case "from", "f" -> from = from == null ? value : from;
        case "to", "t" -> to = to == null ? value : to;
        case "call-id", "i" -> callId = callId == null ? value : callId;
        case "cseq" -> cseq = cseq == null ? value : cseq;
        default -> {}
      }
    }
    if (vias.isEmpty() || from == null || to == null || callId == null || cseq == null) {
      return null;
    }
    if (!to.toLowerCase(Locale.ROOT).matches(".*;\\s*tag\\s*=.*")) {
      to = to + ";tag=" + Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE);
    }
    StringBuilder response =
        new StringBuilder("SIP/2.0 400 ").append(phrase(reasonPhrase)).append("\r\n");
    for (String via : vias) {
      response.append("Via: ").append(via).append("\r\n");
    }
    response
        .append("From: ")
        .append(from)
        .append("\r\n")
        .append("To: ")
        .append(to)
        .append("\r\n")
        .append("Call-ID: ")
        .append(callId)
        .append("\r\n")
        .append("CSeq: ")
        .append(cseq)
        .append("\r\n")
        .append("Content-Length: 0\r\n\r\n");
    return response.toString().getBytes(StandardCharsets.UTF_8);
  }

  /** A reason phrase may not hold line ends (RFC 3261 §25.1 Reason-Phrase); keep it short. */
  static String phrase(String text) {
    String oneLine = text == null ? "unreadable" : text.replaceAll("[\\r\\n]+", " ").strip();
    return oneLine.length() > 200 ? oneLine.substring(0, 200) : oneLine;
  }

  private static List<String> unfoldedLines(String head) {
    List<String> lines = new ArrayList<>();
    for (String line : head.split("\r?\n")) {
      if (line.isEmpty()) {
        break;
      }
      if ((line.charAt(0) == ' ' || line.charAt(0) == '\t') && !lines.isEmpty()) {
        lines.set(lines.size() - 1, lines.get(lines.size() - 1) + " " + line.strip());
      } else {
        lines.add(line);
      }
    }
    return lines;
  }
}
