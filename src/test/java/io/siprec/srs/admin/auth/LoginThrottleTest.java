package io.siprec.srs.admin.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.siprec.srs.testsupport.SettableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;

class LoginThrottleTest {
  private final SettableClock clock = new SettableClock(Instant.parse("2026-01-01T08:00:00Z"));
  private final LoginThrottle throttle = new LoginThrottle(clock);

  /** One attempt that the caller then reports as failed; the wait it was told when refused. */
  private Duration failOnce(String address, String user) {
    LoginThrottle.Reservation turn = throttle.reserve(address, user);
    if (!turn.granted()) {
      return turn.retryAfter();
    }
    turn.failed();
    return Duration.ZERO;
  }

  @Test
  void theWaitDoublesAfterTheFreeFailuresUpToAMinute() {
    List<Long> waits = new ArrayList<>();
    for (int i = 0; i < 14; i++) {
      assertThat(failOnce("192.0.2.66", "admin")).as("attempt %d refused", i + 1).isZero();
      waits.add(throttle.waitFor("192.0.2.66").toSeconds());
      clock.advance(throttle.waitFor("192.0.2.66"));
    }
    assertThat(waits).containsExactly(0L, 0L, 0L, 0L, 1L, 2L, 4L, 8L, 16L, 32L, 60L, 60L, 60L, 60L);
    assertThat(throttle.failures()).isEqualTo(14);
  }

  @Test
  void aRefusedAttemptIsToldHowLongAndCountsNothing() {
    for (int i = 0; i < LoginThrottle.FREE_FAILURES; i++) {
      failOnce("192.0.2.66", "admin");
    }
    assertThat(failOnce("192.0.2.66", "admin")).isEqualTo(Duration.ofSeconds(1));
    clock.advance(Duration.ofMillis(400));
    assertThat(failOnce("192.0.2.66", "someone-else"))
        .as("the address waits, whoever it names")
        .isEqualTo(Duration.ofMillis(600));
    assertThat(throttle.failures()).isEqualTo(LoginThrottle.FREE_FAILURES);
  }

  @Test
  void aUserNameIsThrottledWhicheverAddressesTheGuessesComeFrom() {
    for (int i = 0; i < LoginThrottle.FREE_FAILURES; i++) {
      assertThat(failOnce("198.51.100." + i, "admin")).isZero();
    }
    assertThat(failOnce("198.51.100.99", "admin")).isEqualTo(Duration.ofSeconds(1));
    assertThat(throttle.reserve("198.51.100.99", "ops").granted())
        .as("another user from there")
        .isTrue();
  }

  @Test
  void aSuccessClearsTheAddressAndTheUser() {
    for (int i = 0; i < 7; i++) {
      failOnce("192.0.2.66", "admin");
      clock.advance(throttle.waitFor("192.0.2.66"));
    }
    throttle.reserve("192.0.2.66", "admin").succeeded();
    assertThat(throttle.waitFor("192.0.2.66")).isEqualTo(Duration.ZERO);
    failOnce("192.0.2.66", "admin");
    assertThat(throttle.waitFor("192.0.2.66")).isEqualTo(Duration.ZERO);
    for (int i = 0; i < LoginThrottle.FREE_FAILURES - 2; i++) {
      assertThat(failOnce("203.0.113." + i, "admin")).as("the user starts afresh too").isZero();
    }
  }

  @Test
  void anAbandonedAttemptIsNeitherAFailureNorASuccess() {
    for (int i = 0; i < LoginThrottle.FREE_FAILURES - 1; i++) {
      failOnce("192.0.2.66", "admin");
    }
    throttle.reserve("192.0.2.66", "admin").abandoned();
    assertThat(throttle.failures()).isEqualTo(LoginThrottle.FREE_FAILURES - 1);
    assertThat(failOnce("192.0.2.66", "admin"))
        .as("the fifth free failure is still there")
        .isZero();
    assertThat(failOnce("192.0.2.66", "admin")).isEqualTo(Duration.ofSeconds(1));
  }

  @Test
  void aReservationIsSettledOnceOnly() {
    LoginThrottle.Reservation turn = throttle.reserve("192.0.2.66", "admin");
    turn.failed();
    turn.failed();
    turn.abandoned();
    assertThat(throttle.failures()).isEqualTo(1);
  }

  /**
   * Parallel attempts released together by a latch, each holding its reservation until all have
   * asked: only the free failures are granted, the rest are refused, not one more.
   */
  @Test
  void parallelAttemptsFromOneAddressGetOnlyTheFreeFailures() throws Exception {
    int granted = grantedOfParallel(24, i -> "192.0.2.66", i -> "user" + i);
    assertThat(granted).isEqualTo(LoginThrottle.FREE_FAILURES);
    assertThat(throttle.failures()).isEqualTo(LoginThrottle.FREE_FAILURES);

    // Then one at a time: after the wait, again many at once, and exactly one goes through.
    clock.advance(throttle.waitFor("192.0.2.66"));
    assertThat(grantedOfParallel(24, i -> "192.0.2.66", i -> "other" + i)).isEqualTo(1);
  }

  @Test
  void parallelAttemptsOnOneUserFromManyAddressesGetOnlyTheFreeFailures() throws Exception {
    assertThat(grantedOfParallel(24, i -> "198.51.100." + i, i -> "admin"))
        .isEqualTo(LoginThrottle.FREE_FAILURES);
  }

  private int grantedOfParallel(int n, IntFunction<String> address, IntFunction<String> user)
      throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(n);
    CountDownLatch start = new CountDownLatch(1);
    CountDownLatch allAsked = new CountDownLatch(n);
    try {
      List<Future<Boolean>> results = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        int index = i;
        results.add(
            pool.submit(
                () -> {
                  start.await();
                  LoginThrottle.Reservation turn =
                      throttle.reserve(address.apply(index), user.apply(index));
                  allAsked.countDown();
                  // Hold the reservation (as a password check would) until every thread has asked.
                  assertThat(allAsked.await(10, TimeUnit.SECONDS)).isTrue();
                  if (turn.granted()) {
                    turn.failed();
                  }
                  return turn.granted();
                }));
      }
      start.countDown();
      int granted = 0;
      for (Future<Boolean> r : results) {
        granted += r.get(20, TimeUnit.SECONDS) ? 1 : 0;
      }
      return granted;
    } finally {
      pool.shutdownNow();
    }
  }
}
