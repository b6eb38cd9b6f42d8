package io.siprec.srs.admin;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HealthTest {

  @Test
  void upWhileAcceptingWithTheBrokerConnectedOrBuffering() {
    assertThat(Health.of(true, "connected", 3).up()).isTrue();
    assertThat(Health.of(true, "buffering", 3).up()).isTrue();
  }

  @Test
  void notUpWhileDrainingOrWhenAudioWouldBeDropped() {
    assertThat(Health.of(false, "connected", 3)).satisfies(h -> {
      assertThat(h.up()).isFalse();
      assertThat(h.status()).isEqualTo(Health.DRAINING);
    });
    assertThat(Health.of(true, "down", 0).status()).isEqualTo(Health.BROKER_DOWN);
    assertThat(Health.of(false, "down", 0).status()).as("draining says more").isEqualTo(Health.DRAINING);
  }
}
