package io.siprec.srs.consumer;

/**
 * Version 1 of the archive's encrypted file format ({@code docs/recordings.md}, "Encryption at
 * rest"), what the server's writer and {@link EncryptedRecordingReader} agree on:
 *
 * <pre>
 * header   "SRS-ENC" | version 1 | key id length n | key id (n bytes, UTF-8)
 *          | data key wrapped with the key-encryption key (40 bytes) | nonce prefix (7 bytes)
 * segment  plaintext length p (4 bytes, big-endian) | AES-256-GCM ciphertext (p bytes) | tag (16)
 * ...      the last segment of a finished file carries the last-segment flag in its nonce
 * </pre>
 *
 * <p>Only compile-time constants, which the compiler copies into the server's writer. The WAR
 * carries this class with the reader ({@link EncryptedRecordingSegments}) for the console's
 * playback; the rest of the consumer kit stays out of it.
 */
public final class EncryptedRecordingFormat {
  /** The first 7 bytes of every encrypted file, ASCII. */
  public static final String MAGIC = "SRS-ENC";

  public static final int VERSION = 1;

  /** Encrypted files are named after their plaintext with this appended: mix.wav.enc. */
  public static final String SUFFIX = ".enc";

  /** A key id (the key-encryption key's alias) is 1 to this many bytes of UTF-8. */
  public static final int MAX_KEY_ID_BYTES = 255;

  /** AES-256: every file has its own random data key of this many bytes. */
  public static final int DATA_KEY_BYTES = 32;

  /** RFC 3394 section 2.2.1: n 64-bit blocks of key wrap to n + 1 (the integrity check block). */
  public static final int WRAPPED_KEY_BYTES = DATA_KEY_BYTES + 8;

  /** Random per file; with the segment index and the last-segment flag it makes the GCM nonce. */
  public static final int NONCE_PREFIX_BYTES = 7;

  /** NIST SP 800-38D section 5.2.1.1: a 96-bit IV is used as is (no GHASH of the IV). */
  public static final int NONCE_BYTES = 12;

  /** NIST SP 800-38D section 5.2.1.2: the full 128-bit tag. */
  public static final int TAG_BYTES = 16;

  public static final int TAG_BITS = TAG_BYTES * 8;

  /** The plaintext length field before each segment. */
  public static final int SEGMENT_LENGTH_BYTES = 4;

  /** Writers split larger writes; readers refuse a longer length as corrupt. */
  public static final int MAX_SEGMENT_PLAINTEXT = 1 << 20;

  /** The nonce's last byte: 1 for the final segment of a finished file, 0 for every other. */
  public static final byte LAST_SEGMENT = 1;

  public static final byte NOT_LAST_SEGMENT = 0;

  /** JCE names: AES Key Wrap (RFC 3394, NIST SP 800-38F KW) and AES-GCM (NIST SP 800-38D). */
  public static final String KEY_WRAP = "AESWrap";

  public static final String SEGMENT_CIPHER = "AES/GCM/NoPadding";

  private EncryptedRecordingFormat() {}
}
