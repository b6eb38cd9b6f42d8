package io.siprec.srs.admin.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.siprec.srs.testsupport.Fixtures;
import io.siprec.srs.testsupport.SettableClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class AdminAccessTest {
  private static final String PASSWORD = "correct horse battery staple";
  private final SettableClock clock = new SettableClock(Instant.parse("2026-01-01T08:00:00Z"));
  private final LoginThrottle throttle = new LoginThrottle(clock);
  private final AdminAccess access =
      new AdminAccess(
          new AdminCredentials(
              "admin", PasswordHash.parse(Fixtures.text("admin/hash-made-with-python.txt")), null),
          throttle,
          clock);

  private static String basic(String user, String password) {
    return "Basic "
        + Base64.getEncoder()
            .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void theFormLetsTheRightPasswordInAndCountsTheWrongOnes() {
    assertThat(access.login("192.0.2.7", "admin", "nope".toCharArray()).outcome())
        .isEqualTo(AdminAccess.Outcome.DENIED);
    assertThat(access.login("192.0.2.7", "admin", PASSWORD.toCharArray()).granted()).isTrue();
    assertThat(throttle.failures()).isEqualTo(1);
  }

  @Test
  void aLoginSessionLapsesWhenIdleAndAfterItsLifetime() {
    String token = access.openSession();
    assertThat(access.hasSession(token)).isTrue();
    assertThat(access.hasSession(token + "x")).isFalse();
    assertThat(access.hasSession(null)).isFalse();

    // Used every 20 minutes it stays, until its lifetime is over.
    for (int i = 0; i < 35; i++) {
      clock.advance(Duration.ofMinutes(20));
      assertThat(access.hasSession(token))
          .as("after %d min", (i + 1) * 20)
          .isEqualTo((i + 1) * 20 <= 12 * 60);
    }

    String idle = access.openSession();
    clock.advance(LoginSessions.IDLE.plusSeconds(1));
    assertThat(access.hasSession(idle)).isFalse();
  }

  @Test
  void loggingOutEndsTheSession() {
    String token = access.openSession();
    access.closeSession(token);
    assertThat(access.hasSession(token)).isFalse();
  }

  @Test
  void basicCredentialsAreCheckedAndAWrongOneNeverRemembered() {
    assertThat(access.basic("192.0.2.7", basic("admin", PASSWORD)).granted()).isTrue();
    assertThat(access.basic("192.0.2.7", basic("admin", PASSWORD)).granted()).isTrue();
    assertThat(access.basic("192.0.2.7", basic("admin", "wrong")).outcome())
        .isEqualTo(AdminAccess.Outcome.DENIED);
    assertThat(access.basic("192.0.2.7", basic("root", PASSWORD)).outcome())
        .isEqualTo(AdminAccess.Outcome.DENIED);
    assertThat(access.basic("192.0.2.7", "Basic !!!").outcome())
        .isEqualTo(AdminAccess.Outcome.DENIED);
    assertThat(access.basic("192.0.2.7", "Bearer abc").outcome())
        .isEqualTo(AdminAccess.Outcome.DENIED);
    assertThat(throttle.failures()).isEqualTo(3);

    clock.advance(AdminAccess.BASIC_REMEMBERED.plusSeconds(1));
    assertThat(access.basic("192.0.2.7", basic("admin", PASSWORD)).granted())
        .as("checked again")
        .isTrue();
  }

  @Test
  void aGuesserIsSlowedDownWhileOtherAddressesAreNot() {
    for (int i = 0; i < LoginThrottle.FREE_FAILURES; i++) {
      assertThat(access.login("192.0.2.66", "root" + i, ("guess" + i).toCharArray()).outcome())
          .isEqualTo(AdminAccess.Outcome.DENIED);
    }
    AdminAccess.Attempt throttled = access.login("192.0.2.66", "admin", PASSWORD.toCharArray());
    assertThat(throttled.outcome())
        .as("even the right password waits")
        .isEqualTo(AdminAccess.Outcome.THROTTLED);
    assertThat(throttled.retryAfter()).isEqualTo(Duration.ofSeconds(1));
    assertThat(access.login("192.0.2.8", "admin", PASSWORD.toCharArray()).granted()).isTrue();

    clock.advance(Duration.ofSeconds(1));
    assertThat(access.login("192.0.2.66", "admin", PASSWORD.toCharArray()).granted()).isTrue();
    assertThat(throttle.waitFor("192.0.2.66")).isZero();
  }
}
