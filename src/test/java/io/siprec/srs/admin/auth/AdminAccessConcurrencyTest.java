package io.siprec.srs.admin.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.siprec.srs.testsupport.SettableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Logins attempted in parallel, on real threads released together by a latch. The password check
 * stands in for PBKDF2 and holds every attempt that reaches it until all attempts have either
 * reached it or been answered, so every attempt overlaps every other: the widest window a race
 * could use. Then the test counts what got through.
 */
class AdminAccessConcurrencyTest {
  private static final char[] PASSWORD = "correct horse battery staple".toCharArray();
  private static final Duration BOUND = Duration.ofSeconds(10);

  private final SettableClock clock = new SettableClock(Instant.parse("2026-01-01T08:00:00Z"));
  private final LoginThrottle throttle = new LoginThrottle(clock);
  private final HeldCheck check = new HeldCheck();
  private ExecutorService pool;

  /** Counts the checks that run and the most at once; holds each until released. */
  private static final class HeldCheck implements AdminAccess.PasswordCheck {
    final AtomicInteger entered = new AtomicInteger();
    final AtomicInteger running = new AtomicInteger();
    final AtomicInteger mostAtOnce = new AtomicInteger();
    final CountDownLatch release = new CountDownLatch(1);

    @Override
    public boolean verify(String user, char[] password) {
      entered.incrementAndGet();
      mostAtOnce.accumulateAndGet(running.incrementAndGet(), Math::max);
      try {
        if (!release.await(BOUND.toSeconds(), TimeUnit.SECONDS)) {
          throw new IllegalStateException("the check was never released");
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } finally {
        running.decrementAndGet();
      }
      return user.equals("admin") && Arrays.equals(password, PASSWORD);
    }
  }

  private AdminAccess access(int concurrentChecks) {
    AdminCredentials unused =
        new AdminCredentials("admin", PasswordHash.of(PASSWORD, PasswordHash.MIN_ITERATIONS), null);
    return new AdminAccess(unused, check, throttle, clock, concurrentChecks);
  }

  @AfterEach
  void stop() {
    check.release.countDown();
    if (pool != null) {
      pool.shutdownNow();
    }
  }

  /** What the parallel attempts came to, and what was true while the checks were held. */
  private record Run(
      List<AdminAccess.Attempt> attempts, int inCheckWhileHeld, int answeredWhileHeld) {
    long count(AdminAccess.Outcome outcome) {
      return attempts.stream().filter(a -> a.outcome() == outcome).count();
    }
  }

  private Run parallel(
      AdminAccess access, int n, IntFunction<String> address, IntFunction<String> user)
      throws Exception {
    pool = Executors.newFixedThreadPool(n);
    CountDownLatch start = new CountDownLatch(1);
    AtomicInteger answered = new AtomicInteger();
    Map<Integer, AdminAccess.Attempt> answers = new ConcurrentHashMap<>();
    List<Future<?>> done = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      int index = i;
      done.add(
          pool.submit(
              () -> {
                start.await();
                AdminAccess.Attempt attempt =
                    access.login(
                        address.apply(index), user.apply(index), ("guess " + index).toCharArray());
                answers.put(index, attempt);
                answered.incrementAndGet();
                return null;
              }));
    }
    start.countDown();
    // Every attempt either reached the held check or was answered without it; an attempt that
    // queued for a check slot would do neither, and the bound below would fail the test.
    long deadline = System.nanoTime() + BOUND.toNanos();
    while (check.running.get() + answered.get() < n) {
      assertThat(System.nanoTime())
          .as(
              "all %d attempts in a check or answered (in check %d, answered %d)",
              n, check.running.get(), answered.get())
          .isLessThan(deadline);
      Thread.sleep(1);
    }
    int inCheck = check.running.get();
    int answeredWhileHeld = answered.get();
    check.release.countDown();
    for (Future<?> f : done) {
      f.get(BOUND.toSeconds(), TimeUnit.SECONDS);
    }
    List<AdminAccess.Attempt> attempts = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      attempts.add(answers.get(i));
    }
    return new Run(attempts, inCheck, answeredWhileHeld);
  }

  @Test
  void parallelWrongAttemptsFromOneAddressReachTheCheckOnlyAsOftenAsTheThrottleAllows()
      throws Exception {
    Run run = parallel(access(64), 24, i -> "192.0.2.66", i -> "user" + i);

    assertThat(check.entered.get())
        .as("attempts that reached the password check")
        .isEqualTo(LoginThrottle.FREE_FAILURES);
    assertThat(run.inCheckWhileHeld()).isEqualTo(LoginThrottle.FREE_FAILURES);
    assertThat(run.count(AdminAccess.Outcome.DENIED)).isEqualTo(LoginThrottle.FREE_FAILURES);
    assertThat(run.count(AdminAccess.Outcome.THROTTLED))
        .isEqualTo(24 - LoginThrottle.FREE_FAILURES);
    assertThat(throttle.failures()).isEqualTo(LoginThrottle.FREE_FAILURES);
    assertThat(throttle.waitFor("192.0.2.66")).isEqualTo(Duration.ofSeconds(1));
  }

  @Test
  void parallelWrongAttemptsOnOneUserFromManyAddressesReachTheCheckOnlyAsOftenAsTheThrottleAllows()
      throws Exception {
    Run run = parallel(access(64), 24, i -> "198.51.100." + i, i -> "admin");

    assertThat(check.entered.get()).isEqualTo(LoginThrottle.FREE_FAILURES);
    assertThat(run.count(AdminAccess.Outcome.THROTTLED))
        .isEqualTo(24 - LoginThrottle.FREE_FAILURES);
  }

  @Test
  void onceTheFreeFailuresAreSpentParallelAttemptsGoThroughOneAtATime() throws Exception {
    AdminAccess access = access(64);
    for (int i = 0; i < LoginThrottle.FREE_FAILURES; i++) {
      check.release.countDown(); // sequential warm-up: nothing to hold
      assertThat(access.login("192.0.2.66", "admin", "nope".toCharArray()).outcome())
          .isEqualTo(AdminAccess.Outcome.DENIED);
    }
    clock.advance(throttle.waitFor("192.0.2.66"));
    HeldCheck held = new HeldCheck();
    AdminAccess again = new AdminAccess(access.credentials(), held, throttle, clock, 64);
    pool = Executors.newFixedThreadPool(16);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<AdminAccess.Attempt>> results = new ArrayList<>();
    for (int i = 0; i < 16; i++) {
      results.add(
          pool.submit(
              () -> {
                start.await();
                return again.login("192.0.2.66", "admin", "nope".toCharArray());
              }));
    }
    start.countDown();
    int throttled = 0;
    for (int i = 0; i < 15; i++) {
      // 15 of the 16 must be answered while one is held in the check; the 16th waits there.
      Future<AdminAccess.Attempt> answered = null;
      long deadline = System.nanoTime() + BOUND.toNanos();
      while (answered == null) {
        for (Future<AdminAccess.Attempt> f : results) {
          if (f.isDone()) {
            answered = f;
            break;
          }
        }
        assertThat(System.nanoTime()).as("15 answered while one is checked").isLessThan(deadline);
        Thread.sleep(1);
      }
      results.remove(answered);
      assertThat(answered.get().outcome()).isEqualTo(AdminAccess.Outcome.THROTTLED);
      assertThat(answered.get().retryAfter()).isEqualTo(LoginThrottle.IN_FLIGHT_WAIT);
      throttled++;
    }
    assertThat(held.running.get()).isEqualTo(1);
    held.release.countDown();
    assertThat(results.get(0).get(BOUND.toSeconds(), TimeUnit.SECONDS).outcome())
        .isEqualTo(AdminAccess.Outcome.DENIED);
    assertThat(held.entered.get()).isEqualTo(1);
    assertThat(throttled).isEqualTo(15);
    assertThat(throttle.waitFor("192.0.2.66"))
        .as("the sixth failure doubles the wait")
        .isEqualTo(Duration.ofSeconds(2));
  }

  @Test
  void atMostTheBoundOfChecksRunAtOnceAndTheRestAreToldToComeBackAtOnce() throws Exception {
    AdminAccess access = access(2);
    Run run = parallel(access, 12, i -> "203.0.113." + i, i -> "user" + i);

    assertThat(run.inCheckWhileHeld()).as("checks running while held").isEqualTo(2);
    assertThat(run.answeredWhileHeld()).as("answered without waiting for a slot").isEqualTo(10);
    assertThat(check.mostAtOnce.get()).isEqualTo(2);
    assertThat(check.entered.get()).isEqualTo(2);
    assertThat(run.count(AdminAccess.Outcome.BUSY)).isEqualTo(10);
    assertThat(run.attempts())
        .filteredOn(a -> a.outcome() == AdminAccess.Outcome.BUSY)
        .allSatisfy(a -> assertThat(a.retryAfter()).isEqualTo(AdminAccess.BUSY_RETRY));
    assertThat(run.count(AdminAccess.Outcome.DENIED)).isEqualTo(2);
    assertThat(throttle.failures()).as("a busy answer is no failure").isEqualTo(2);

    // The slots are free again: the right password gets in, and a busy address was not held back.
    assertThat(access.login("203.0.113.11", "admin", PASSWORD).granted()).isTrue();
    assertThat(check.running.get()).isZero();
  }

  @Test
  void aSmallMachineChecksOnePasswordAtATimeALargerOneTwo() {
    assertThat(AdminAccess.concurrentChecksFor(1)).isEqualTo(1);
    assertThat(AdminAccess.concurrentChecksFor(2)).isEqualTo(1);
    assertThat(AdminAccess.concurrentChecksFor(4)).isEqualTo(2);
    assertThat(AdminAccess.concurrentChecksFor(64)).isEqualTo(2);
  }
}
