package io.siprec.srs.delivery.archive;

import static io.siprec.srs.consumer.EncryptedRecordingFormat.DATA_KEY_BYTES;
import static io.siprec.srs.consumer.EncryptedRecordingFormat.KEY_WRAP;
import static io.siprec.srs.consumer.EncryptedRecordingFormat.LAST_SEGMENT;
import static io.siprec.srs.consumer.EncryptedRecordingFormat.MAGIC;
import static io.siprec.srs.consumer.EncryptedRecordingFormat.MAX_SEGMENT_PLAINTEXT;
import static io.siprec.srs.consumer.EncryptedRecordingFormat.NONCE_BYTES;
import static io.siprec.srs.consumer.EncryptedRecordingFormat.NONCE_PREFIX_BYTES;
import static io.siprec.srs.consumer.EncryptedRecordingFormat.NOT_LAST_SEGMENT;
import static io.siprec.srs.consumer.EncryptedRecordingFormat.SEGMENT_CIPHER;
import static io.siprec.srs.consumer.EncryptedRecordingFormat.SEGMENT_LENGTH_BYTES;
import static io.siprec.srs.consumer.EncryptedRecordingFormat.TAG_BITS;
import static io.siprec.srs.consumer.EncryptedRecordingFormat.TAG_BYTES;
import static io.siprec.srs.consumer.EncryptedRecordingFormat.VERSION;
import static io.siprec.srs.consumer.EncryptedRecordingFormat.WRAPPED_KEY_BYTES;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * An archive file encrypted at rest, in the format the consumer kit's {@code
 * EncryptedRecordingReader} reads ({@code EncryptedRecordingFormat}, docs/recordings.md): a header
 * naming the key-encryption key and holding this file's random data key wrapped with it (AES Key
 * Wrap, RFC 3394), then one AES-256-GCM segment (NIST SP 800-38D) per append, each sealed on its
 * own, so a server killed mid-call leaves every segment written before decryptable. Closing adds an
 * empty final segment: its absence tells a reader the file was not finished.
 *
 * <p>Append-only: ciphertext is never rewritten, so a nonce is never used twice. After a failed
 * write the file is cut back to its last whole segment and takes nothing more (a retry under the
 * same nonce would not be safe): it stays decryptable up to there.
 *
 * <p>Uses only compile-time constants of the consumer kit's format class (the WAR does not carry
 * it); the nonce layout below is this writer's own.
 */
final class EncryptedArchiveFile implements ArchiveFile {
  private final Path path;
  private final FileChannel channel;
  private final SecretKey dataKey;
  private final byte[] header;
  private final byte[] noncePrefix;
  private final Cipher gcm;
  private ByteBuffer sealed = ByteBuffer.allocate(0);
  private long segments;
  private long committed;
  private String brokenBy;
  private boolean closed;

  private EncryptedArchiveFile(
      Path path, FileChannel channel, SecretKey dataKey, byte[] header, byte[] noncePrefix)
      throws IOException {
    this.path = path;
    this.channel = channel;
    this.dataKey = dataKey;
    this.header = header;
    this.noncePrefix = noncePrefix;
    try {
      this.gcm = Cipher.getInstance(SEGMENT_CIPHER);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("this Java has no " + SEGMENT_CIPHER, e);
    }
    writeFully(ByteBuffer.wrap(header));
    committed = header.length;
  }

  /**
   * A new encrypted file at {@code path} (never over an existing one) with a fresh data key.
   *
   * @throws java.nio.file.FileAlreadyExistsException when there is a file there
   */
  static EncryptedArchiveFile create(
      Path path, String keyId, SecretKey keyEncryptionKey, SecureRandom random) throws IOException {
    byte[] key = new byte[DATA_KEY_BYTES];
    random.nextBytes(key);
    SecretKey dataKey = new SecretKeySpec(key, "AES");
    byte[] wrapped;
    try {
      // RFC 3394 section 2.2.1 with the default initial value (NIST SP 800-38F KW).
      Cipher wrap = Cipher.getInstance(KEY_WRAP);
      wrap.init(Cipher.WRAP_MODE, keyEncryptionKey);
      wrapped = wrap.wrap(dataKey);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot wrap a data key with the key '" + keyId + "'", e);
    }
    if (wrapped.length != WRAPPED_KEY_BYTES) {
      throw new IllegalStateException("AES key wrap gave " + wrapped.length + " bytes");
    }
    byte[] prefix = new byte[NONCE_PREFIX_BYTES];
    random.nextBytes(prefix);
    byte[] id = keyId.getBytes(StandardCharsets.UTF_8);
    ByteBuffer header =
        ByteBuffer.allocate(MAGIC.length() + 2 + id.length + WRAPPED_KEY_BYTES + NONCE_PREFIX_BYTES)
            .put(MAGIC.getBytes(StandardCharsets.US_ASCII))
            .put((byte) VERSION)
            .put((byte) id.length)
            .put(id)
            .put(wrapped)
            .put(prefix);
    FileChannel channel =
        FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    try {
      return new EncryptedArchiveFile(path, channel, dataKey, header.array(), prefix);
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
  }

  @Override
  public Path path() {
    return path;
  }

  @Override
  public void append(ByteBuffer bytes) throws IOException {
    if (!bytes.hasRemaining()) {
      return; // an empty non-final segment would say nothing
    }
    do {
      ByteBuffer part = bytes.slice();
      part.limit(Math.min(part.remaining(), MAX_SEGMENT_PLAINTEXT));
      seal(part, NOT_LAST_SEGMENT);
      bytes.position(bytes.position() + part.limit());
    } while (bytes.hasRemaining());
  }

  /** Segments written, the final one included once closed. */
  long segments() {
    return segments;
  }

  @Override
  public boolean rewritable() {
    return false;
  }

  @Override
  public void rewrite(long position, ByteBuffer bytes) {
    throw new UnsupportedOperationException(path + " is encrypted: append-only");
  }

  @Override
  public void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    try {
      if (brokenBy == null) {
        seal(ByteBuffer.allocate(0), LAST_SEGMENT);
      }
    } finally {
      channel.close();
    }
  }

  private void seal(ByteBuffer plain, byte last) throws IOException {
    if (brokenBy != null) {
      throw new IOException(path + " takes no more after a failed write (" + brokenBy + ")");
    }
    if (segments > 0xffffffffL) {
      throw new IOException(path + ": more segments than the 32-bit segment index allows");
    }
    int length = plain.remaining();
    int needed = SEGMENT_LENGTH_BYTES + length + TAG_BYTES;
    if (sealed.capacity() < needed) {
      sealed = ByteBuffer.allocate(Math.max(needed, 2 * sealed.capacity()));
    }
    sealed.clear();
    sealed.putInt(length);
    try {
      // The STREAM nonce: prefix, segment index (32 bits, big-endian), last-segment flag.
      byte[] nonce =
          ByteBuffer.allocate(NONCE_BYTES)
              .put(noncePrefix)
              .putInt((int) segments)
              .put(last)
              .array();
      gcm.init(Cipher.ENCRYPT_MODE, dataKey, new GCMParameterSpec(TAG_BITS, nonce));
      gcm.updateAAD(header); // the header is authenticated by every segment
      gcm.doFinal(plain, sealed);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM failed on valid parameters", e);
    }
    sealed.flip();
    try {
      writeFully(sealed);
    } catch (IOException e) {
      brokenBy = e.toString();
      try {
        channel.truncate(committed); // no half segment before whatever comes next
      } catch (IOException again) {
        e.addSuppressed(again);
      }
      throw e;
    }
    committed += needed;
    segments++;
  }

  private void writeFully(ByteBuffer b) throws IOException {
    while (b.hasRemaining()) {
      channel.write(b);
    }
  }
}
