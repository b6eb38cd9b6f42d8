package io.siprec.srs.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class HealthTest {

  @Test
  void upWhileAcceptingWithTheBrokerConnectedOrBuffering() {
    assertThat(Health.of(true, "connected", 3, List.of()).up()).isTrue();
    assertThat(Health.of(true, "buffering", 3, List.of()).up()).isTrue();
  }

  @Test
  void notUpWhileDrainingOrWhenAudioWouldBeDropped() {
    assertThat(Health.of(false, "connected", 3, List.of()))
        .satisfies(
            h -> {
              assertThat(h.up()).isFalse();
              assertThat(h.status()).isEqualTo(Health.DRAINING);
            });
    assertThat(Health.of(true, "down", 0, List.of()).status()).isEqualTo(Health.BROKER_DOWN);
    assertThat(Health.of(false, "down", 0, List.of()).status())
        .as("draining says more")
        .isEqualTo(Health.DRAINING);
  }

  @Test
  void alarmsAreShownWithoutTakingTheServerOutOfRotation() {
    Health h = Health.of(true, "connected", 2, List.of("ARCHIVE_LOW_SPACE"));
    assertThat(h.up()).isTrue();
    assertThat(h.alarms()).containsExactly("ARCHIVE_LOW_SPACE");
  }
}
