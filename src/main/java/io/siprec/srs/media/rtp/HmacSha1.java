package io.siprec.srs.media.rtp;

import java.security.DigestException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * HMAC-SHA1 (RFC 2104) over the JDK's SHA-1, writing the tag into the caller's array. The JDK's own
 * Mac returns a new array from every doFinal (its doFinal(byte[], int) copies from one): 40 bytes
 * per packet measured, where this allocates nothing. H(K XOR opad, H(K XOR ipad, text)), with B =
 * 64 and the key shorter than B (SRTP's is 20 octets).
 */
final class HmacSha1 {
  static final int LENGTH = 20;
  private static final int BLOCK = 64;

  private final MessageDigest sha1;
  private final byte[] innerPad = new byte[BLOCK];
  private final byte[] outerPad = new byte[BLOCK];
  private final byte[] inner = new byte[LENGTH];
  private boolean started;

  HmacSha1() {
    try {
      sha1 = MessageDigest.getInstance("SHA-1");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK lacks SHA-1", e);
    }
  }

  /** A new key of at most 64 octets (RFC 2104 §2: zeros appended to B octets). */
  void init(byte[] key, int offset, int length) {
    if (length > BLOCK) {
      throw new IllegalArgumentException(
          "an SRTP authentication key is shorter than a SHA-1 block");
    }
    for (int i = 0; i < BLOCK; i++) {
      byte k = i < length ? key[offset + i] : 0;
      innerPad[i] = (byte) (k ^ 0x36);
      outerPad[i] = (byte) (k ^ 0x5c);
    }
    sha1.reset();
    started = false;
  }

  void update(byte[] data, int offset, int length) {
    if (!started) {
      sha1.update(innerPad, 0, BLOCK);
      started = true;
    }
    sha1.update(data, offset, length);
  }

  /** Writes the 20-octet tag at {@code out[offset]} and gets ready for the next message. */
  void doFinal(byte[] out, int offset) {
    if (!started) {
      sha1.update(innerPad, 0, BLOCK);
    }
    try {
      sha1.digest(inner, 0, LENGTH);
      sha1.update(outerPad, 0, BLOCK);
      sha1.update(inner, 0, LENGTH);
      sha1.digest(out, offset, LENGTH);
    } catch (DigestException e) {
      throw new IllegalStateException(e);
    }
    started = false;
  }
}
