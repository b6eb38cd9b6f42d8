package io.siprec.srs.admin.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.siprec.srs.testsupport.SettableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LoginThrottleTest {
  private final SettableClock clock = new SettableClock(Instant.parse("2026-01-01T08:00:00Z"));
  private final LoginThrottle throttle = new LoginThrottle(clock);

  @Test
  void theWaitDoublesAfterTheFreeFailuresUpToAMinute() {
    List<Long> waits = new ArrayList<>();
    for (int i = 0; i < 14; i++) {
      throttle.failed("192.0.2.66");
      waits.add(throttle.waitFor("192.0.2.66").toSeconds());
      clock.advance(throttle.waitFor("192.0.2.66"));
    }
    assertThat(waits).containsExactly(0L, 0L, 0L, 0L, 1L, 2L, 4L, 8L, 16L, 32L, 60L, 60L, 60L, 60L);
    assertThat(throttle.failures()).isEqualTo(14);
  }

  @Test
  void aSuccessClearsTheAddress() {
    for (int i = 0; i < 7; i++) {
      throttle.failed("192.0.2.66");
    }
    throttle.succeeded("192.0.2.66");
    assertThat(throttle.waitFor("192.0.2.66")).isEqualTo(Duration.ZERO);
    throttle.failed("192.0.2.66");
    assertThat(throttle.waitFor("192.0.2.66")).isEqualTo(Duration.ZERO);
  }
}
