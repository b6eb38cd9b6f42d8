package io.siprec.srs.testsupport.broker;

import io.siprec.srs.testsupport.ExternalTool;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * A throw-away key pair for a broker's TLS acceptor, made with the JDK's keytool when a test runs
 * (never committed): a PKCS#12 key store for the broker and a trust store holding only its
 * certificate, for the clients. The password is random per run.
 */
public record SelfSignedTls(Path keyStore, Path trustStore, String password) {

  /** Generates both stores in {@code dir} (replacing any earlier ones). */
  public static SelfSignedTls generate(Path dir) {
    byte[] random = new byte[12];
    new SecureRandom().nextBytes(random);
    String password = HexFormat.of().formatHex(random);
    Path keyStore = dir.resolve("broker-keystore.p12");
    Path certificate = dir.resolve("broker.crt");
    Path trustStore = dir.resolve("client-truststore.p12");
    try {
      Files.createDirectories(dir);
      for (Path p : List.of(keyStore, certificate, trustStore)) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    keytool(
        "-genkeypair",
        "-alias",
        "broker",
        "-keyalg",
        "EC",
        "-groupname",
        "secp256r1",
        "-validity",
        "2",
        "-dname",
        "CN=127.0.0.1",
        "-ext",
        "san=ip:127.0.0.1",
        "-keystore",
        keyStore.toString(),
        "-storetype",
        "PKCS12",
        "-storepass",
        password);
    keytool(
        "-exportcert",
        "-alias",
        "broker",
        "-keystore",
        keyStore.toString(),
        "-storepass",
        password,
        "-rfc",
        "-file",
        certificate.toString());
    keytool(
        "-importcert",
        "-noprompt",
        "-alias",
        "broker",
        "-file",
        certificate.toString(),
        "-keystore",
        trustStore.toString(),
        "-storetype",
        "PKCS12",
        "-storepass",
        password);
    return new SelfSignedTls(keyStore, trustStore, password);
  }

  /** What an Artemis client URL needs to connect to the TLS acceptor and trust its certificate. */
  public String clientUrlParameters() {
    return "sslEnabled=true&trustStorePath=" + trustStore + "&trustStorePassword=" + password;
  }

  private static void keytool(String... args) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
    command.addAll(List.of(args));
    ExternalTool.Run run = ExternalTool.run(new ProcessBuilder(command), Duration.ofSeconds(30));
    if (run.exit() != 0) {
      throw new IllegalStateException("keytool " + args[0] + " failed: " + run.output());
    }
  }
}
