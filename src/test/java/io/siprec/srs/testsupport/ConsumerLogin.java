package io.siprec.srs.testsupport;

import io.siprec.srs.config.Setting;
import io.siprec.srs.delivery.jms.EmbeddedBroker;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * How a test consumer logs in to a server's embedded broker: where, as whom, with which password.
 */
public record ConsumerLogin(String url, String user, String password) {

  /**
   * The login of a server that made its consumer password itself: the default user, the password
   * from {@code <runtime dir>/broker-consumer-password}, read as an operator would.
   */
  public static ConsumerLogin generatedIn(String url, Path runtimeDir) {
    Path file = runtimeDir.resolve(EmbeddedBroker.CONSUMER_PASSWORD_FILE);
    try {
      return new ConsumerLogin(
          url,
          Setting.BROKER_CONSUMER_USER.defaultValue(),
          Files.readString(file, StandardCharsets.UTF_8).strip());
    } catch (IOException e) {
      throw new UncheckedIOException("the server made no consumer password in " + file, e);
    }
  }

  @Override
  public String toString() {
    return "ConsumerLogin[" + user + "@" + url + "]";
  }
}
