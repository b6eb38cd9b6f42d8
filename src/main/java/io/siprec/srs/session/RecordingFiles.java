package io.siprec.srs.session;

import java.nio.file.Path;
import java.util.Optional;
import javax.crypto.SecretKey;

/**
 * Read-only port to the files the archive wrote for a session, for the console's playback and
 * downloads: where a session's folder is, and the key-encryption keys that open its files when they
 * are encrypted at rest (docs/recordings.md).
 */
public interface RecordingFiles {
  /** The session's folder in the archive, live or ended; empty when it has none (archive off). */
  Optional<Path> folderOf(RecordingSessionId session);

  /**
   * The key-encryption key under {@code keyId} (a keystore alias), so a file encrypted under an
   * earlier key still opens after a rotation; empty when the keystore holds no such 256-bit AES key
   * or there is no keystore.
   */
  Optional<SecretKey> keyEncryptionKey(String keyId);
}
