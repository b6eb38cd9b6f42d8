package io.siprec.srs.recording;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** What a refusal may be: a listed status (counted from zero in the metrics), a one-line reason. */
class RefusedTest {
  @Test
  void aStatusTheMetricsDoNotKnowIsRefusedAtOnce() {
    assertThatThrownBy(() -> Refused.of(486, "Busy Here"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Refused.STATUSES");
    assertThat(Refused.of(420, "Bad Extension", "Unsupported", "foo").status()).isEqualTo(420);
  }

  @Test
  void theReasonIsOnePrintableLine() {
    assertThat(Refused.of(400, "bad\r\nInjected: header").reason()).doesNotContain("\r", "\n");
  }
}
