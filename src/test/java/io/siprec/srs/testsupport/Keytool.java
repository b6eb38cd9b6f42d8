package io.siprec.srs.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The JDK's keytool, run in one directory with one store password: keys for TLS tests are made at
 * test time, so nothing secret is ever committed. Each run is bounded.
 */
public final class Keytool {
  private final Path dir;
  private final String password;

  private Keytool(Path dir, String password) {
    this.dir = dir;
    this.password = password;
  }

  /** A keytool working in {@code dir}, which is created and emptied of earlier stores. */
  public static Keytool in(Path dir, String password) {
    try {
      Files.createDirectories(dir);
      try (var files = Files.list(dir)) {
        for (Path p : (Iterable<Path>) files::iterator) {
          if (Files.isRegularFile(p)) {
            Files.delete(p);
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new Keytool(dir, password);
  }

  public Path dir() {
    return dir;
  }

  /** A self-signed RSA 2048 key pair. */
  public Path rsaKeyPair(
      String store, String storeType, String alias, String dname, String... extra) {
    return keyPair(
        store, storeType, alias, dname, List.of("-keyalg", "RSA", "-keysize", "2048"), extra);
  }

  /** A self-signed EC key pair on P-256 (certificate signed with ECDSA). */
  public Path ecKeyPair(
      String store, String storeType, String alias, String dname, String... extra) {
    return keyPair(
        store, storeType, alias, dname, List.of("-keyalg", "EC", "-groupname", "secp256r1"), extra);
  }

  /** An Ed25519 key pair (RFC 8032) with a self-signed certificate, as the archive signs with. */
  public Path ed25519KeyPair(String store, String alias) {
    return keyPair(store, "PKCS12", alias, "CN=" + alias, List.of("-keyalg", "Ed25519"));
  }

  /** The file holding this keytool's store password on its first line, for *-password-file. */
  public Path passwordFile(String name) {
    try {
      return Files.writeString(dir.resolve(name), password + "\n");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private Path keyPair(
      String store,
      String storeType,
      String alias,
      String dname,
      List<String> algorithm,
      String... extra) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "-genkeypair",
                "-alias",
                alias,
                "-validity",
                "2",
                "-dname",
                dname,
                "-keystore",
                store,
                "-storetype",
                storeType,
                "-keypass",
                password));
    args.addAll(algorithm);
    args.addAll(List.of(extra));
    run(args);
    return dir.resolve(store);
  }

  /**
   * A secret key (an archive key-encryption key, say) in the PKCS12 store {@code store}, as an
   * operator makes one: {@code keytool -genseckey -keyalg AES -keysize <bits>}.
   */
  public Path aesSecretKey(String store, String alias, int bits) {
    run(
        List.of(
            "-genseckey",
            "-alias",
            alias,
            "-keyalg",
            "AES",
            "-keysize",
            String.valueOf(bits),
            "-keystore",
            store,
            "-storetype",
            "PKCS12",
            "-keypass",
            password));
    return dir.resolve(store);
  }

  /** The certificate of {@code alias} as PEM, e.g. for {@code openssl -CAfile}. */
  public Path exportPem(String store, String storeType, String alias, String file) {
    run(
        List.of(
            "-exportcert",
            "-rfc",
            "-alias",
            alias,
            "-keystore",
            store,
            "-storetype",
            storeType,
            "-file",
            file));
    return dir.resolve(file);
  }

  /** Adds the certificate of {@code alias} in {@code from} to the PKCS12 truststore {@code to}. */
  public Path trust(String from, String fromType, String alias, String to) {
    String cert = alias + "-" + from + ".cer";
    run(
        List.of(
            "-exportcert",
            "-alias",
            alias,
            "-keystore",
            from,
            "-storetype",
            fromType,
            "-file",
            cert));
    run(
        List.of(
            "-importcert",
            "-noprompt",
            "-alias",
            alias + "-" + from,
            "-file",
            cert,
            "-keystore",
            to,
            "-storetype",
            "PKCS12"));
    return dir.resolve(to);
  }

  private void run(List<String> args) {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
    cmd.addAll(args);
    cmd.addAll(List.of("-storepass", password));
    ExternalTool.Run run =
        ExternalTool.run(new ProcessBuilder(cmd).directory(dir.toFile()), Duration.ofSeconds(60));
    if (run.exit() != 0) {
      throw new IllegalStateException(
          "keytool " + String.join(" ", args) + " failed: " + run.output());
    }
  }
}
