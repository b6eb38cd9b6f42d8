package io.siprec.srs.admin.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Slows password guessing per client address: after {@value #FREE_FAILURES} failures in a row,
 * each further attempt must wait 1 s, then 2, 4 ... up to a minute, until a login succeeds.
 * The cap is low on purpose: behind a proxy every operator shares one address, and a guesser
 * must not lock them out for long. Every failure is counted for the console and the metrics.
 */
public final class LoginThrottle {
  static final int FREE_FAILURES = 5;
  static final Duration MAX_WAIT = Duration.ofMinutes(1);
  private static final int MAX_ADDRESSES = 10_000;

  private final Clock clock;
  private final AtomicLong failures = new AtomicLong();
  private final Map<String, Failures> byAddress = new LinkedHashMap<>(16, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Failures> eldest) {
      return size() > MAX_ADDRESSES;
    }
  };

  private record Failures(int count, Instant nextAllowed) {}

  public LoginThrottle(Clock clock) {
    this.clock = clock;
  }

  /** How long this address must still wait before it may try again; zero when it may now. */
  public synchronized Duration waitFor(String address) {
    Failures f = byAddress.get(address);
    if (f == null) {
      return Duration.ZERO;
    }
    Duration left = Duration.between(clock.instant(), f.nextAllowed());
    return left.isNegative() ? Duration.ZERO : left;
  }

  public synchronized void failed(String address) {
    failures.incrementAndGet();
    Failures before = byAddress.get(address);
    int count = before == null ? 1 : before.count() + 1;
    Duration wait = Duration.ZERO;
    if (count >= FREE_FAILURES) {
      int doublings = Math.min(count - FREE_FAILURES, 6);
      wait = Duration.ofSeconds(1L << doublings);
      if (wait.compareTo(MAX_WAIT) > 0) {
        wait = MAX_WAIT;
      }
    }
    byAddress.put(address, new Failures(count, clock.instant().plus(wait)));
  }

  public synchronized void succeeded(String address) {
    byAddress.remove(address);
  }

  /** Failed logins since start, every address. */
  public long failures() {
    return failures.get();
  }
}
