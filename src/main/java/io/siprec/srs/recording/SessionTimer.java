package io.siprec.srs.recording;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * RFC 4028 session timers as we take part in them: the SRC asks for an interval in Session-Expires;
 * we accept it if it is not below our Min-SE (else 422 with our Min-SE), always let the SRC refresh
 * (we never send refreshes: an SRS only listens), and end the session if no refresh arrives in
 * time.
 *
 * @param seconds the session interval
 * @param srcSupportsTimer the SRC said Supported or Require: timer; without it we cannot ask it to
 *     refresh and do not use the timer (a proxy may have inserted the header)
 */
record SessionTimer(int seconds, boolean srcSupportsTimer) {
  static final String TAG = "timer";

  /**
   * A Session-Expires value: delta-seconds with optional parameters; empty when absent or
   * unreadable.
   */
  static Optional<SessionTimer> requested(String sessionExpires, boolean srcSupportsTimer) {
    if (sessionExpires == null) {
      return Optional.empty();
    }
    String delta = sessionExpires.split(";", 2)[0].trim();
    try {
      long s = Long.parseLong(delta);
      return s <= 0
          ? Optional.empty()
          : Optional.of(new SessionTimer((int) Math.min(s, Integer.MAX_VALUE), srcSupportsTimer));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  /** True when the SRC's interval is below our minimum: answer 422 with Min-SE. */
  boolean tooSmall(int minSeconds) {
    return seconds < minSeconds;
  }

  /** Whether the session is timed at all: only when the SRC can refresh it. */
  boolean inForce() {
    return srcSupportsTimer;
  }

  /** Our Session-Expires: the SRC refreshes. */
  String answerHeader() {
    return seconds + ";refresher=uac";
  }

  /**
   * RFC 4028 §10: the side that does not refresh ends the session if nothing came by the interval
   * less a third of it (at most 32 s), so a refresh in flight is not cut short.
   */
  long expiryMillis() {
    return (seconds - Math.min(32L, seconds / 3L)) * 1000L;
  }

  static boolean supported(List<String> tags) {
    return tags.stream().anyMatch(t -> t.toLowerCase(Locale.ROOT).equals(TAG));
  }
}
