package io.siprec.srs.recording;

import java.util.List;
import java.util.Set;

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

  /**
   * Every status the core refuses with: 400 unreadable offer, 403 source not allowed, 413 body too
   * large, 415 body type, 420 option tag, 422 session interval, 481 no such dialog, 488 not
   * acceptable here, 503 overload or shutdown. The metrics count each from zero (an alert on a rate
   * needs the series before the first one), so a new status must be added here: the constructor
   * refuses any other.
   */
  public static final Set<Integer> STATUSES = Set.of(400, 403, 413, 415, 420, 422, 481, 488, 503);

  public Refused {
    if (!STATUSES.contains(status)) {
      throw new IllegalArgumentException(
          "status " + status + " is not in Refused.STATUSES: add it there (and to docs/admin.md)");
    }
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
