package io.siprec.srs.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.siprec.srs.app.SrsApplication;
import org.junit.jupiter.api.Test;

class LauncherContractTest {

  @Test
  void theLauncherAndTheWebappAgreeOnTheDrainAttribute() {
    // They share no class loader, only this string.
    assertThat(SrsApplication.DRAIN_ATTRIBUTE).isEqualTo(StandaloneServer.DRAIN_ATTRIBUTE);
  }
}
