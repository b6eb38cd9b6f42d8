package io.siprec.srs.delivery.archive;

import io.siprec.srs.config.InvalidSettingsException;
import io.siprec.srs.config.Setting;
import io.siprec.srs.config.Settings;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.util.List;
import javax.crypto.SecretKey;

/**
 * The archive's keys: the PKCS12 keystore {@code srs.archive.keystore}, opened once with the
 * password held in {@code srs.archive.keystore-password-file} (the keys' password too, as keytool
 * makes PKCS12 entries). Every problem is an {@link InvalidSettingsException} naming the file and
 * the alias, never the password: the server refuses to start rather than record unencrypted.
 */
public final class ArchiveKeystore {
  static final String TYPE = "PKCS12";

  private static final int AES_256_BYTES = 32;

  private final Path file;
  private final KeyStore store;
  private final char[] password;

  private ArchiveKeystore(Path file, KeyStore store, char[] password) {
    this.file = file;
    this.store = store;
    this.password = password;
  }

  /**
   * With encryption at rest on, opens the keystore and checks the current key as the archive will:
   * the standalone launcher calls it before the container starts, so a bad key stops the server
   * with the settings' exit code and message instead of an application that did not deploy.
   *
   * @throws InvalidSettingsException naming the problem
   */
  public static void check(Settings settings) {
    if (settings.booleanValue(Setting.ARCHIVE_ENABLED)
        && settings.booleanValue(Setting.ARCHIVE_ENCRYPTION_ENABLED)) {
      open(settings).aes256Key(settings.get(Setting.ARCHIVE_ENCRYPTION_KEY_ID));
    }
  }

  /** The keystore the settings name. */
  public static ArchiveKeystore open(Settings settings) {
    return open(
        Path.of(settings.get(Setting.ARCHIVE_KEYSTORE)),
        Path.of(settings.get(Setting.ARCHIVE_KEYSTORE_PASSWORD_FILE)));
  }

  static ArchiveKeystore open(Path file, Path passwordFile) {
    char[] password;
    try {
      // One line; the newline an editor or echo leaves is not part of it.
      password = Files.readString(passwordFile, StandardCharsets.UTF_8).strip().toCharArray();
    } catch (IOException e) {
      throw problem(
          Setting.ARCHIVE_KEYSTORE_PASSWORD_FILE.key()
              + " "
              + passwordFile
              + ": cannot read it ("
              + e.getClass().getSimpleName()
              + ")");
    }
    if (!Files.isReadable(file)) {
      throw problem(Setting.ARCHIVE_KEYSTORE.key() + " " + file + ": no readable file there");
    }
    try (InputStream in = Files.newInputStream(file)) {
      KeyStore store = KeyStore.getInstance(TYPE);
      store.load(in, password);
      return new ArchiveKeystore(file, store, password);
    } catch (IOException | GeneralSecurityException e) {
      // The message names the cause (e.g. "keystore password was incorrect"), never the password.
      throw problem(
          Setting.ARCHIVE_KEYSTORE.key()
              + " "
              + file
              + ": cannot open it as "
              + TYPE
              + ": "
              + e.getMessage());
    }
  }

  /** The 256-bit AES secret key under {@code alias}: a key-encryption key. */
  public SecretKey aes256Key(String alias) {
    Key key = key(alias);
    if (!(key instanceof SecretKey secret)
        || !"AES".equalsIgnoreCase(key.getAlgorithm())
        || key.getEncoded() == null
        || key.getEncoded().length != AES_256_BYTES) {
      throw problem(
          describe(alias)
              + " is "
              + what(key)
              + ", not a 256-bit AES secret key (keytool -genseckey -keyalg AES -keysize 256)");
    }
    return secret;
  }

  /** The private key under {@code alias} (a signing key, say). */
  public PrivateKey privateKey(String alias) {
    Key key = key(alias);
    if (!(key instanceof PrivateKey pk)) {
      throw problem(describe(alias) + " is " + what(key) + ", not a private key");
    }
    return pk;
  }

  Path file() {
    return file;
  }

  private Key key(String alias) {
    try {
      if (!store.containsAlias(alias)) {
        throw problem(describe(alias) + " is not there");
      }
      Key key = store.getKey(alias, password);
      if (key == null) {
        throw problem(describe(alias) + " holds a certificate, not a key");
      }
      return key;
    } catch (GeneralSecurityException e) {
      throw problem(
          describe(alias)
              + " does not open with the keystore password ("
              + e.getClass().getSimpleName()
              + ")");
    }
  }

  private String describe(String alias) {
    return Setting.ARCHIVE_KEYSTORE.key() + " " + file + ": the key '" + alias + "'";
  }

  private static String what(Key key) {
    byte[] encoded = key.getEncoded();
    return (key instanceof SecretKey ? "a secret key" : "a key")
        + " of "
        + key.getAlgorithm()
        + (encoded != null && key instanceof SecretKey ? " (" + encoded.length * 8 + " bits)" : "");
  }

  private static InvalidSettingsException problem(String text) {
    return new InvalidSettingsException(List.of(text));
  }
}
