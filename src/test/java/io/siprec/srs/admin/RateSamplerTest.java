package io.siprec.srs.admin;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RateSamplerTest {
  private static final long SECOND = 1_000_000_000L;

  @Test
  void theRateSpansTheWindowAndFollowsAChange() {
    RateSampler rate = new RateSampler(5);
    rate.sample(0, 0);
    assertThat(rate.perSecond()).isZero();
    for (int s = 1; s <= 5; s++) {
      rate.sample(s * SECOND, s * 50L);
    }
    assertThat(rate.perSecond()).isEqualTo(50.0);
    // Traffic stops: the rate falls over the window, not at once.
    rate.sample(6 * SECOND, 250);
    assertThat(rate.perSecond()).isEqualTo(40.0);
    for (int s = 7; s <= 11; s++) {
      rate.sample(s * SECOND, 250);
    }
    assertThat(rate.perSecond()).isZero();
  }
}
