package io.siprec.srs.recording;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SessionTimerTest {
  @Test
  void theIntervalIsReadWithOrWithoutParameters() {
    assertThat(SessionTimer.requested("1800;refresher=uac", true))
        .contains(new SessionTimer(1800, true));
    assertThat(SessionTimer.requested(" 90 ", false)).contains(new SessionTimer(90, false));
    assertThat(SessionTimer.requested(null, true)).isEmpty();
    assertThat(SessionTimer.requested("soon", true)).isEmpty();
    assertThat(SessionTimer.requested("0", true)).isEmpty();
  }

  @Test
  void theSrcRefreshesAndWeEndOneThirdBeforeTheIntervalAtMostThirtyTwoSeconds() {
    SessionTimer t = new SessionTimer(1800, true);
    assertThat(t.answerHeader()).isEqualTo("1800;refresher=uac");
    assertThat(t.expiryMillis()).isEqualTo((1800 - 32) * 1000L);
    assertThat(new SessionTimer(90, true).expiryMillis()).isEqualTo(60_000L);
    assertThat(new SessionTimer(60, true).tooSmall(90)).isTrue();
    assertThat(new SessionTimer(90, true).tooSmall(90)).isFalse();
  }

  @Test
  void withoutTimerSupportAtTheSrcNoTimerIsInForce() {
    assertThat(new SessionTimer(1800, false).inForce()).isFalse();
    assertThat(SessionTimer.supported(List.of("siprec", "Timer"))).isTrue();
    assertThat(SessionTimer.supported(List.of("siprec"))).isFalse();
  }
}
