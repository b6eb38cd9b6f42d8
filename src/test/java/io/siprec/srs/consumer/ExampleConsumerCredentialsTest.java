package io.siprec.srs.consumer;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Where the example consumer takes its broker login from: the environment keeps it out of {@code
 * ps}.
 */
class ExampleConsumerCredentialsTest {
  private static final String[] URL_AND_DIR = {"tcp://127.0.0.1:61616", "out"};

  @Test
  void theEnvironmentGivesUserAndPassword() throws Exception {
    assertThat(
            ExampleConsumer.credentials(
                URL_AND_DIR, Map.of("BROKER_USER", "asr", "BROKER_PASSWORD", "s3cret")))
        .containsExactly("asr", "s3cret");
  }

  @Test
  void noUserMeansAnAnonymousConnection() throws Exception {
    assertThat(ExampleConsumer.credentials(URL_AND_DIR, Map.of("BROKER_PASSWORD", "s3cret")))
        .isNull();
    assertThat(ExampleConsumer.credentials(URL_AND_DIR, Map.of("BROKER_USER", ""))).isNull();
  }

  @Test
  void thePasswordMayComeFromAFileSuchAsTheServersGeneratedOne(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("broker-consumer-password");
    Files.writeString(file, "Zq3generated\n");
    assertThat(
            ExampleConsumer.credentials(
                URL_AND_DIR,
                Map.of("BROKER_USER", "srs-consumer", "BROKER_PASSWORD_FILE", file.toString())))
        .containsExactly("srs-consumer", "Zq3generated");
    // BROKER_PASSWORD, when given, wins over the file.
    assertThat(
            ExampleConsumer.credentials(
                URL_AND_DIR,
                Map.of(
                    "BROKER_USER",
                    "asr",
                    "BROKER_PASSWORD",
                    "s3cret",
                    "BROKER_PASSWORD_FILE",
                    file.toString())))
        .containsExactly("asr", "s3cret");
  }

  @Test
  void argumentsStillWinForATestBroker() throws Exception {
    String[] args = {"tcp://127.0.0.1:61616", "out", "srs", "pw"};
    assertThat(ExampleConsumer.credentials(args, Map.of("BROKER_USER", "asr")))
        .containsExactly("srs", "pw");
  }
}
