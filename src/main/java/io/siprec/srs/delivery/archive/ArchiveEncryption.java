package io.siprec.srs.delivery.archive;

import io.siprec.srs.config.Setting;
import io.siprec.srs.config.Settings;
import io.siprec.srs.consumer.EncryptedRecordingFormat;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Optional;
import javax.crypto.SecretKey;

/**
 * Encryption at rest ({@code srs.archive.encryption.enabled}): every file of a session folder but
 * {@code archive.json} is written as an {@link EncryptedArchiveFile} under the key-encryption key
 * {@code srs.archive.encryption.key-id}. The key id goes into each file's header, so changing the
 * setting rotates keys for new files while old ones keep decrypting with their own key.
 */
final class ArchiveEncryption implements ArchiveFiles {
  /** Files of an encrypted folder are named after their plaintext with this appended. */
  static final String SUFFIX = EncryptedRecordingFormat.SUFFIX;

  private final String keyId;
  private final SecretKey keyEncryptionKey;
  private final SecureRandom random;

  ArchiveEncryption(String keyId, SecretKey keyEncryptionKey, SecureRandom random) {
    this.keyId = keyId;
    this.keyEncryptionKey = keyEncryptionKey;
    this.random = random;
  }

  /**
   * The encryption the settings ask for, its key checked now: empty when off.
   *
   * @throws io.siprec.srs.config.InvalidSettingsException when the keystore, its password or the
   *     key is not right (the server does not start)
   */
  static Optional<ArchiveEncryption> from(Settings settings) {
    if (!settings.booleanValue(Setting.ARCHIVE_ENCRYPTION_ENABLED)) {
      return Optional.empty();
    }
    String keyId = settings.get(Setting.ARCHIVE_ENCRYPTION_KEY_ID);
    SecretKey kek = ArchiveKeystore.open(settings).aes256Key(keyId);
    return Optional.of(new ArchiveEncryption(keyId, kek, new SecureRandom()));
  }

  String keyId() {
    return keyId;
  }

  @Override
  public ArchiveFile create(Path dir, String name) throws IOException {
    // Never over an existing file: a second file of that name in a session gets a number.
    Path path = dir.resolve(name + SUFFIX);
    for (int n = 2; ; n++) {
      try {
        return EncryptedArchiveFile.create(path, keyId, keyEncryptionKey, random);
      } catch (FileAlreadyExistsException e) {
        if (n > 1000) {
          throw e;
        }
        path = dir.resolve(name + "." + n + SUFFIX);
      }
    }
  }

  @Override
  public ArchiveFile appendTo(Path dir, String name) throws IOException {
    return create(dir, name);
  }
}
