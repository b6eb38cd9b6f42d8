package io.siprec.srs.admin.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Slows password guessing, per client address and per user name: after {@value #FREE_FAILURES}
 * failures in a row, each further attempt must wait 1 s, then 2, 4 ... up to a minute, until a
 * login succeeds. The cap is low on purpose: a guesser must not lock the operators out for long.
 * Every failure is counted for the console and the metrics.
 *
 * <p>One decision per attempt, taken before the password is checked: {@link #reserve} counts the
 * attempt as in flight under the same lock that reads the count, so N parallel attempts cannot all
 * pass: at most the failures still free run at once, and once those are used up, one at a time. The
 * caller settles each reservation once: failed, succeeded (which clears both keys) or abandoned
 * (not checked after all).
 */
public final class LoginThrottle {
  static final int FREE_FAILURES = 5;
  static final Duration MAX_WAIT = Duration.ofMinutes(1);

  /** What a caller is told while the one attempt it would wait for is still being checked. */
  static final Duration IN_FLIGHT_WAIT = Duration.ofSeconds(1);

  private static final int MAX_KEYS = 20_000;

  private final Clock clock;
  private final AtomicLong failures = new AtomicLong();

  /** Keyed "a:" + address and "u:" + digest of the user name (a name typed may be a password). */
  private final Map<String, Failures> byKey =
      new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Failures> eldest) {
          return size() > MAX_KEYS;
        }
      };

  /** Mutable, guarded by the throttle's lock. */
  private static final class Failures {
    int count;
    int inFlight;
    Instant nextAllowed = Instant.MIN;
  }

  public LoginThrottle(Clock clock) {
    this.clock = clock;
  }

  /**
   * Decides whether this attempt may have its password checked now and, if so, reserves it.
   *
   * @param user the user name as typed (kept only as a digest)
   */
  public synchronized Reservation reserve(String address, String user) {
    String[] keys = {"a:" + address, "u:" + LoginSessions.digest(user)};
    Instant now = clock.instant();
    Duration wait = Duration.ZERO;
    for (String key : keys) {
      Failures f = byKey.get(key);
      if (f != null) {
        wait = max(wait, waitOf(f, now));
      }
    }
    if (!wait.isZero()) {
      return new Reservation(keys, null, wait);
    }
    Failures[] reserved = new Failures[keys.length];
    for (int i = 0; i < keys.length; i++) {
      reserved[i] = byKey.computeIfAbsent(keys[i], k -> new Failures());
      reserved[i].inFlight++;
    }
    return new Reservation(keys, reserved, Duration.ZERO);
  }

  /** How long an attempt under this key must still wait; zero when one may start now. */
  private static Duration waitOf(Failures f, Instant now) {
    Duration left = Duration.between(now, f.nextAllowed);
    if (left.compareTo(Duration.ZERO) > 0) {
      return left;
    }
    // The free failures may be spent in parallel; beyond them one attempt at a time, as if each
    // in-flight attempt had already failed.
    if (f.count + f.inFlight >= FREE_FAILURES && f.inFlight > 0) {
      return IN_FLIGHT_WAIT;
    }
    return Duration.ZERO;
  }

  /**
   * How long an attempt from this address (for any user) must still wait; zero when it may start
   * now.
   */
  public synchronized Duration waitFor(String address) {
    Failures f = byKey.get("a:" + address);
    return f == null ? Duration.ZERO : waitOf(f, clock.instant());
  }

  private synchronized void settle(Reservation r, boolean failed, boolean succeeded) {
    Instant now = clock.instant();
    if (failed) {
      failures.incrementAndGet();
    }
    for (int i = 0; i < r.keys.length; i++) {
      r.reserved[i].inFlight--;
      if (succeeded) {
        byKey.remove(r.keys[i]);
      } else if (failed) {
        // The entry may have been cleared by a success meanwhile: the failure counts afresh.
        Failures current = byKey.computeIfAbsent(r.keys[i], k -> new Failures());
        current.count++;
        Instant next = now.plus(backOff(current.count));
        if (next.isAfter(current.nextAllowed)) {
          current.nextAllowed = next;
        }
      } else if (r.reserved[i].inFlight == 0
          && r.reserved[i].count == 0
          && byKey.get(r.keys[i]) == r.reserved[i]) {
        byKey.remove(r.keys[i]);
      }
    }
  }

  private static Duration backOff(int count) {
    if (count < FREE_FAILURES) {
      return Duration.ZERO;
    }
    Duration wait = Duration.ofSeconds(1L << Math.min(count - FREE_FAILURES, 6));
    return wait.compareTo(MAX_WAIT) > 0 ? MAX_WAIT : wait;
  }

  private static Duration max(Duration a, Duration b) {
    return a.compareTo(b) >= 0 ? a : b;
  }

  /** Failed logins since start, every address. */
  public long failures() {
    return failures.get();
  }

  /** One attempt's turn: refused with a wait, or granted and to be settled exactly once. */
  public final class Reservation {
    private final String[] keys;
    private final Failures[] reserved;
    private final Duration retryAfter;
    private boolean settled;

    private Reservation(String[] keys, Failures[] reserved, Duration retryAfter) {
      this.keys = keys;
      this.reserved = reserved;
      this.retryAfter = retryAfter;
      this.settled = reserved == null;
    }

    /** Whether the password may be checked now. */
    public boolean granted() {
      return reserved != null;
    }

    /** How long to wait before trying again, when not granted. */
    public Duration retryAfter() {
      return retryAfter;
    }

    public void failed() {
      settleOnce(true, false);
    }

    /** Clears the address's and the user's failures, as a good password should. */
    public void succeeded() {
      settleOnce(false, true);
    }

    /** Not checked after all (e.g. no capacity to check it): neither a failure nor a success. */
    public void abandoned() {
      settleOnce(false, false);
    }

    private void settleOnce(boolean failed, boolean succeeded) {
      synchronized (LoginThrottle.this) {
        if (settled) {
          return;
        }
        settled = true;
        settle(this, failed, succeeded);
      }
    }
  }
}
