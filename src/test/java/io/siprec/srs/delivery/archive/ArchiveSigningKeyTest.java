package io.siprec.srs.delivery.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.siprec.srs.testsupport.Keytool;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The signing key as keytool makes it, and every way a keystore entry can be unusable. */
class ArchiveSigningKeyTest {
  private static final String PASSWORD = "store-pass-1";
  @TempDir Path dir;
  private Keytool keytool;
  private Path store;

  @BeforeEach
  void makeStore() {
    keytool = Keytool.in(dir, PASSWORD);
    store = keytool.ed25519KeyPair("archive.p12", "archive-signing");
    keytool.rsaKeyPair("archive.p12", "PKCS12", "tls", "CN=tls");
  }

  @Test
  void anEd25519EntryLoadsWithItsAliasFingerprintAndPem() {
    ArchiveSigningKey key =
        ArchiveSigningKey.load(store, PASSWORD.toCharArray(), "archive-signing");
    assertThat(key.keyId()).isEqualTo("archive-signing");
    assertThat(key.fingerprint()).matches("[0-9a-f]{64}");
    assertThat(key.publicKeyPem())
        .startsWith("-----BEGIN PUBLIC KEY-----\n")
        .endsWith("\n-----END PUBLIC KEY-----\n");
    assertThat(key.toString()).contains("archive-signing").doesNotContain("PRIVATE");
  }

  @Test
  void aWrongPasswordIsSaidSo() {
    assertThatThrownBy(() -> ArchiveSigningKey.load(store, "nope".toCharArray(), "archive-signing"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(store.toString())
        .hasMessageContaining("wrong password");
  }

  @Test
  void anAliasThatIsNotThereIsNamed() {
    assertThatThrownBy(() -> ArchiveSigningKey.load(store, PASSWORD.toCharArray(), "archive"))
        .hasMessageContaining("no entry named 'archive'");
  }

  @Test
  void aKeyOfAnotherKindIsRefusedSayingHowToMakeOne() {
    assertThatThrownBy(() -> ArchiveSigningKey.load(store, PASSWORD.toCharArray(), "tls"))
        .hasMessageContaining("'tls' is a RSA key")
        .hasMessageContaining("-keyalg Ed25519");
  }

  @Test
  void aMissingOrForeignFileIsSaidSo() throws Exception {
    assertThatThrownBy(
            () -> ArchiveSigningKey.load(dir.resolve("none.p12"), PASSWORD.toCharArray(), "a"))
        .hasMessageContaining("no such file");
    Path text = keytool.passwordFile("not-a-keystore.txt");
    assertThatThrownBy(() -> ArchiveSigningKey.load(text, PASSWORD.toCharArray(), "a"))
        .hasMessageContaining("cannot read it as PKCS12");
  }
}
