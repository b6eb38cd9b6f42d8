package io.siprec.srs.delivery.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.siprec.srs.config.InvalidSettingsException;
import io.siprec.srs.config.Settings;
import io.siprec.srs.testsupport.Keytool;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The archive's keystore as an operator makes it with keytool, and every way of getting it wrong
 * refused with the file and the alias named (and never the password).
 */
class ArchiveKeystoreTest {
  private static final String PASSWORD = "archive-store-pass";
  // Made once: keytool is a JVM start per key.
  @TempDir static Path dir;
  private static Path store;
  private static Path passwordFile;

  @BeforeAll
  static void keystore() throws Exception {
    Keytool keytool = Keytool.in(dir.resolve("keys"), PASSWORD);
    keytool.aesSecretKey("archive.p12", "kek-2026", 256);
    keytool.aesSecretKey("archive.p12", "short", 128);
    keytool.ecKeyPair("archive.p12", "PKCS12", "signing", "CN=srs archive signing");
    store = keytool.dir().resolve("archive.p12");
    passwordFile = Files.writeString(dir.resolve("password"), PASSWORD + "\n");
  }

  @Test
  void anAes256KeyAndAPrivateKeyAreFoundByAlias() {
    ArchiveKeystore keys = ArchiveKeystore.open(store, passwordFile);
    assertThat(keys.aes256Key("kek-2026").getEncoded()).hasSize(32);
    assertThat(keys.privateKey("signing").getAlgorithm()).isEqualTo("EC");
  }

  @Test
  void aMissingAliasOrAKeyOfTheWrongKindIsRefused() {
    ArchiveKeystore keys = ArchiveKeystore.open(store, passwordFile);
    assertThatThrownBy(() -> keys.aes256Key("kek-2099"))
        .isInstanceOf(InvalidSettingsException.class)
        .hasMessageContaining(
            "srs.archive.keystore " + store + ": the key 'kek-2099' is not there");
    assertThatThrownBy(() -> keys.aes256Key("short"))
        .hasMessageContaining(
            "the key 'short' is a secret key of AES (128 bits), not a 256-bit AES");
    assertThatThrownBy(() -> keys.aes256Key("signing"))
        .hasMessageContaining("the key 'signing' is a key of EC, not a 256-bit AES secret key");
    assertThatThrownBy(() -> keys.privateKey("kek-2026")).hasMessageContaining("not a private key");
  }

  @Test
  void aWrongPasswordOrMissingFilesAreNamedWithoutThePassword() throws Exception {
    Path wrong = Files.writeString(dir.resolve("wrong"), "not-it");
    assertThatThrownBy(() -> ArchiveKeystore.open(store, wrong))
        .isInstanceOf(InvalidSettingsException.class)
        .hasMessageContaining("srs.archive.keystore " + store + ": cannot open it as PKCS12")
        .hasMessageNotContaining("not-it");
    assertThatThrownBy(() -> ArchiveKeystore.open(store, dir.resolve("absent")))
        .hasMessageContaining("srs.archive.keystore-password-file " + dir.resolve("absent"));
    assertThatThrownBy(() -> ArchiveKeystore.open(dir.resolve("none.p12"), passwordFile))
        .hasMessageContaining(
            "srs.archive.keystore " + dir.resolve("none.p12") + ": no readable file");
  }

  @Test
  void encryptionOnWithoutItsSettingsRefusesToStart() {
    Map<String, String> p = new HashMap<>();
    p.put("srs.archive.encryption.enabled", "true");
    p.put("srs.archive.encryption.key-id", "x".repeat(256));
    assertThatThrownBy(() -> Settings.load(p::get, k -> null, null))
        .isInstanceOf(InvalidSettingsException.class)
        .hasMessageContaining("srs.archive.encryption.enabled=true needs srs.archive.keystore")
        .hasMessageContaining(
            "srs.archive.encryption.enabled=true needs srs.archive.keystore-password-file")
        .hasMessageContaining("srs.archive.encryption.key-id is 256 bytes long");
    // Off, or the archive off: nothing is asked for.
    p.put("srs.archive.enabled", "false");
    Settings.load(p::get, k -> null, null);
  }

  @Test
  void anArchiveWhoseKeyIsWrongDoesNotStart() {
    Map<String, String> p = new HashMap<>();
    p.put("srs.archive.dir", dir.resolve("recordings").toString());
    p.put("srs.archive.encryption.enabled", "true");
    p.put("srs.archive.keystore", store.toString());
    p.put("srs.archive.keystore-password-file", passwordFile.toString());
    p.put("srs.archive.encryption.key-id", "short");
    Settings settings = Settings.load(p::get, k -> null, null);
    // The launcher's check, before the container starts, and the archive's own at its start.
    assertThatThrownBy(() -> ArchiveKeystore.check(settings))
        .isInstanceOf(InvalidSettingsException.class)
        .hasMessageContaining("the key 'short' is a secret key of AES (128 bits)");
    RecordingArchive archive = new RecordingArchive(settings, Clock.systemUTC());
    assertThatThrownBy(archive::start)
        .isInstanceOf(InvalidSettingsException.class)
        .hasMessageContaining("the key 'short' is a secret key of AES (128 bits)");
    assertThat(archive.chunksWritten()).isZero();

    p.put("srs.archive.encryption.key-id", "kek-2026");
    ArchiveKeystore.check(Settings.load(p::get, k -> null, null));
    p.put("srs.archive.encryption.key-id", "short");
    p.put("srs.archive.enabled", "false");
    ArchiveKeystore.check(Settings.load(p::get, k -> null, null)); // no archive, no key needed
  }
}
