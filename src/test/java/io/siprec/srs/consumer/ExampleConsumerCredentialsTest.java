package io.siprec.srs.consumer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Where the example consumer takes its broker login from: the environment keeps it out of {@code ps}. */
class ExampleConsumerCredentialsTest {
  private static final String[] URL_AND_DIR = {"tcp://127.0.0.1:61616", "out"};

  @Test
  void theEnvironmentGivesUserAndPassword() {
    assertThat(ExampleConsumer.credentials(URL_AND_DIR,
        Map.of("BROKER_USER", "asr", "BROKER_PASSWORD", "s3cret"))).containsExactly("asr", "s3cret");
  }

  @Test
  void noUserMeansAnAnonymousConnection() {
    assertThat(ExampleConsumer.credentials(URL_AND_DIR, Map.of("BROKER_PASSWORD", "s3cret"))).isNull();
    assertThat(ExampleConsumer.credentials(URL_AND_DIR, Map.of("BROKER_USER", ""))).isNull();
  }

  @Test
  void argumentsStillWinForATestBroker() {
    String[] args = {"tcp://127.0.0.1:61616", "out", "srs", "pw"};
    assertThat(ExampleConsumer.credentials(args, Map.of("BROKER_USER", "asr"))).containsExactly("srs", "pw");
  }
}
