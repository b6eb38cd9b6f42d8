package io.siprec.srs.recording;

import java.util.List;

/**
 * A request the core refuses: the final error answer, with the headers that explain it
 * (Unsupported, Min-SE, Accept, Warning, Retry-After). The SIP edge sends it as it is, adding each
 * header.
 *
 * @param reason the reason phrase, made one printable line (RFC 3261 §25.1)
 */
public record Refused(int status, String reason, List<ResponseHeader> headers)
    implements StartOutcome, ChangeOutcome, EndOutcome, OptionsOutcome {
  private static final int MAX_REASON_LENGTH = 120;

  public Refused {
    reason = reasonPhrase(reason);
    headers = List.copyOf(headers);
  }

  static Refused of(int status, String reason) {
    return new Refused(status, reason, List.of());
  }

  static Refused of(int status, String reason, String header, String value) {
    return new Refused(status, reason, List.of(new ResponseHeader(header, value)));
  }

  /** The first value of a header of this answer, or null. */
  public String header(String name) {
    return headers.stream()
        .filter(h -> h.name().equalsIgnoreCase(name))
        .map(ResponseHeader::value)
        .findFirst()
        .orElse(null);
  }

  /** A reason phrase is one line of printable text (RFC 3261 §25.1). */
  public static String reasonPhrase(String reason) {
    String oneLine = reason.replaceAll("[^\\x20-\\x7e]", "?").strip();
    return oneLine.length() <= MAX_REASON_LENGTH
        ? oneLine
        : oneLine.substring(0, MAX_REASON_LENGTH - 3) + "...";
  }
}
