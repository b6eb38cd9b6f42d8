package io.siprec.srs.consumer;

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

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.util.Arrays;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;

/**
 * Decrypts one file of the archive's encrypted format ({@link EncryptedRecordingFormat}): the data
 * key is unwrapped with the key-encryption key the header names, then every segment is opened with
 * AES-256-GCM, the header as additional data and a nonce built from the file's prefix, the
 * segment's index and the last-segment flag. A segment that does not authenticate where it stands
 * (altered, moved, from another file) stops decryption there; nothing of it is written, as GCM
 * releases a segment's plaintext only once its tag checked out.
 *
 * <p>A file whose final segment is missing was being written when the server stopped: every segment
 * before it decrypts, and the outcome says it is not finished. Bytes of a segment cut off by that
 * stop are left out and counted.
 */
public final class EncryptedRecordingReader {

  /** Key-encryption keys by key id (their alias in a keystore). */
  public interface KeyEncryptionKeys {
    /**
     * @return the key, or null when there is none under that id
     */
    SecretKey find(String keyId);
  }

  /**
   * What a file held.
   *
   * @param finished whether it ends with its final segment; false: the server stopped mid-call
   * @param cutOffBytes bytes after the last whole segment (a segment the stop cut short), left out
   */
  public record Outcome(
      String keyId, long segments, long plaintextBytes, boolean finished, long cutOffBytes) {}

  private EncryptedRecordingReader() {}

  /**
   * Writes the plaintext of {@code file} to {@code out}, segment by segment.
   *
   * @throws RecordingDecryptionException for a wrong or unknown key or a file that does not
   *     authenticate; what was written to {@code out} before comes from the segments before the
   *     failed one (callers that want nothing of a bad file discard it, as {@link ArchiveDecrypt}
   *     does)
   */
  public static Outcome decrypt(Path file, KeyEncryptionKeys keys, OutputStream out)
      throws IOException, RecordingDecryptionException {
    long size = Files.size(file);
    try (InputStream raw = Files.newInputStream(file);
        DataInputStream in = new DataInputStream(new BufferedInputStream(raw, 1 << 16))) {
      byte[] header = readHeader(file, in, size);
      int keyIdLength = header[MAGIC.length() + 1] & 0xff;
      String keyId = new String(header, MAGIC.length() + 2, keyIdLength, StandardCharsets.UTF_8);
      int wrappedAt = MAGIC.length() + 2 + keyIdLength;
      SecretKey dataKey =
          unwrap(
              file,
              keyId,
              keys,
              Arrays.copyOfRange(header, wrappedAt, wrappedAt + WRAPPED_KEY_BYTES));
      byte[] prefix =
          Arrays.copyOfRange(
              header,
              wrappedAt + WRAPPED_KEY_BYTES,
              wrappedAt + WRAPPED_KEY_BYTES + NONCE_PREFIX_BYTES);
      return segments(file, in, size - header.length, header, dataKey, prefix, keyId, out);
    }
  }

  static byte[] readHeader(Path file, DataInputStream in, long size)
      throws IOException, RecordingDecryptionException {
    int fixed = MAGIC.length() + 2;
    if (size < fixed) {
      throw new RecordingDecryptionException(
          file,
          RecordingDecryptionException.HEADER,
          "cut off at " + size + " bytes: nothing to decrypt");
    }
    byte[] start = new byte[fixed];
    in.readFully(start);
    if (!Arrays.equals(
        Arrays.copyOf(start, MAGIC.length()), MAGIC.getBytes(StandardCharsets.US_ASCII))) {
      throw new RecordingDecryptionException(
          file,
          RecordingDecryptionException.HEADER,
          "not an encrypted recording (it does not start with " + MAGIC + ")");
    }
    int version = start[MAGIC.length()] & 0xff;
    if (version != VERSION) {
      throw new RecordingDecryptionException(
          file,
          RecordingDecryptionException.HEADER,
          "format version " + version + ", this reader knows version " + VERSION);
    }
    int keyIdLength = start[MAGIC.length() + 1] & 0xff;
    if (keyIdLength == 0) {
      throw new RecordingDecryptionException(
          file, RecordingDecryptionException.HEADER, "empty key id");
    }
    int length = fixed + keyIdLength + WRAPPED_KEY_BYTES + NONCE_PREFIX_BYTES;
    if (size < length) {
      throw new RecordingDecryptionException(
          file,
          RecordingDecryptionException.HEADER,
          "cut off at " + size + " of its " + length + " bytes: nothing to decrypt");
    }
    byte[] header = Arrays.copyOf(start, length);
    in.readFully(header, fixed, length - fixed);
    return header;
  }

  static SecretKey unwrap(Path file, String keyId, KeyEncryptionKeys keys, byte[] wrapped)
      throws RecordingDecryptionException {
    SecretKey kek = keys.find(keyId);
    if (kek == null) {
      throw new RecordingDecryptionException(
          file,
          RecordingDecryptionException.HEADER,
          "encrypted with key id '" + keyId + "', which the keystore does not hold");
    }
    if (!isAes256(kek)) {
      throw new RecordingDecryptionException(
          file,
          RecordingDecryptionException.HEADER,
          "the keystore's key '" + keyId + "' is not a 256-bit AES key");
    }
    try {
      // RFC 3394 section 2.2.2: unwrapping checks the integrity block; a different key fails it.
      Cipher unwrap = Cipher.getInstance(KEY_WRAP);
      unwrap.init(Cipher.UNWRAP_MODE, kek);
      Key dataKey = unwrap.unwrap(wrapped, "AES", Cipher.SECRET_KEY);
      if (dataKey.getEncoded() == null || dataKey.getEncoded().length != DATA_KEY_BYTES) {
        throw new RecordingDecryptionException(
            file, RecordingDecryptionException.HEADER, "the data key is not 256 bits");
      }
      return (SecretKey) dataKey;
    } catch (GeneralSecurityException e) {
      throw new RecordingDecryptionException(
          file,
          RecordingDecryptionException.HEADER,
          "the data key does not unwrap with the keystore's key '"
              + keyId
              + "': a different key under that id, or an altered header");
    }
  }

  static boolean isAes256(SecretKey key) {
    byte[] encoded = key.getEncoded();
    return "AES".equalsIgnoreCase(key.getAlgorithm())
        && (encoded == null || encoded.length == DATA_KEY_BYTES);
  }

  private static Outcome segments(
      Path file,
      DataInputStream in,
      long remaining,
      byte[] header,
      SecretKey dataKey,
      byte[] prefix,
      String keyId,
      OutputStream out)
      throws IOException, RecordingDecryptionException {
    Cipher gcm;
    try {
      gcm = Cipher.getInstance(SEGMENT_CIPHER);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("this Java has no " + SEGMENT_CIPHER, e);
    }
    long index = 0;
    long plaintextBytes = 0;
    long at = header.length;
    byte[] sealed = new byte[0];
    while (true) {
      if (remaining < SEGMENT_LENGTH_BYTES + TAG_BYTES) {
        // No final segment: the writer stopped here (a cut-short segment is left out).
        return new Outcome(keyId, index, plaintextBytes, false, remaining);
      }
      long length = in.readInt() & 0xffffffffL;
      if (length > MAX_SEGMENT_PLAINTEXT) {
        throw new RecordingDecryptionException(
            file,
            index,
            "length "
                + length
                + " at byte "
                + at
                + " is beyond the format's "
                + MAX_SEGMENT_PLAINTEXT
                + ": the file is corrupt");
      }
      int sealedLength = (int) length + TAG_BYTES;
      if (remaining - SEGMENT_LENGTH_BYTES < sealedLength) {
        return new Outcome(keyId, index, plaintextBytes, false, remaining);
      }
      if (sealed.length < sealedLength) {
        sealed = new byte[sealedLength];
      }
      try {
        in.readFully(sealed, 0, sealedLength);
      } catch (EOFException e) {
        throw new IOException(file + " shrank while being read", e);
      }
      remaining -= SEGMENT_LENGTH_BYTES + sealedLength;
      if (index > 0xffffffffL) {
        throw new RecordingDecryptionException(
            file, index, "more segments than the 32-bit segment index allows");
      }
      byte[] plain;
      if (remaining == 0) {
        // The file's last segment: final if the writer finished it, else the server stopped.
        plain =
            open(gcm, dataKey, nonce(prefix, index, LAST_SEGMENT), header, sealed, sealedLength);
        if (plain != null) {
          out.write(plain);
          return new Outcome(keyId, index + 1, plaintextBytes + plain.length, true, 0);
        }
      }
      plain =
          open(gcm, dataKey, nonce(prefix, index, NOT_LAST_SEGMENT), header, sealed, sealedLength);
      if (plain == null) {
        boolean finalOne =
            remaining > 0
                && open(
                        gcm,
                        dataKey,
                        nonce(prefix, index, LAST_SEGMENT),
                        header,
                        sealed,
                        sealedLength)
                    != null;
        throw new RecordingDecryptionException(
            file,
            index,
            finalOne
                ? "the file's final segment is followed by "
                    + remaining
                    + " more bytes: appended to"
                : "does not authenticate at byte "
                    + at
                    + ": the segment or the header was altered, or segments were reordered, dropped"
                    + " or taken from another file");
      }
      out.write(plain);
      plaintextBytes += plain.length;
      at += SEGMENT_LENGTH_BYTES + sealedLength;
      index++;
    }
  }

  /** The plaintext, or null when the tag does not check out. */
  static byte[] open(
      Cipher gcm, SecretKey key, byte[] nonce, byte[] header, byte[] sealed, int length) {
    try {
      gcm.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
      gcm.updateAAD(header);
      return gcm.doFinal(sealed, 0, length);
    } catch (AEADBadTagException e) {
      return null;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM failed on valid parameters", e);
    }
  }

  /**
   * The STREAM construction's nonce (Hoang, Reyhanitabar, Rogaway, Vizar, CRYPTO 2015): the file's
   * prefix, the segment index (32 bits, big-endian) and the last-segment flag, so a segment only
   * opens at its own place and only the real last one opens as last.
   */
  static byte[] nonce(byte[] prefix, long index, byte last) {
    return ByteBuffer.allocate(NONCE_BYTES).put(prefix).putInt((int) index).put(last).array();
  }
}
