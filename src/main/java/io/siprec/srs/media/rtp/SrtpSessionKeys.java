package io.siprec.srs.media.rtp;

import io.siprec.srs.session.SrtpSuite;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;

/**
 * The session keys of one master key for SRTP or for SRTCP, at one value of r (RFC 3711 §4.3.1),
 * with the objects that use them: the JDK's AES/ECB for counter mode and HMAC-SHA1 (ours, over the
 * JDK's SHA-1), or the JDK's AES/GCM for the AEAD suites. Reused for every packet; set up again
 * only when r changes (a key derivation rate).
 */
final class SrtpSessionKeys {
  final SrtpSuite suite;

  /**
   * AES/ECB/NoPadding under the session encryption key, or AES/GCM/NoPadding (keyed per packet).
   */
  final Cipher cipher;

  /** HMAC-SHA1 under the session authentication key; null for the AEAD suites. */
  final HmacSha1 mac;

  /** The session salt: 14 octets (AES-CM), 12 (AEAD). */
  final byte[] salt;

  /** The session encryption key, for the AEAD cipher's per-packet init. */
  SecretKeySpec encryptionKey;

  /** The r these keys were derived for; -1 before the first derivation. */
  long r = -1;

  SrtpSessionKeys(SrtpSuite suite) {
    this.suite = suite;
    this.salt = new byte[suite.saltLength()];
    try {
      if (suite.aead()) {
        cipher = Cipher.getInstance("AES/GCM/NoPadding");
        mac = null;
      } else {
        cipher = Cipher.getInstance("AES/ECB/NoPadding");
        mac = new HmacSha1();
      }
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK lacks AES or AES-GCM", e);
    }
  }

  /** Takes derived (or given) keys; allocates (the JDK's AES key schedule), so only on a new r. */
  void install(long newR, byte[] encryption, byte[] authentication, byte[] newSalt) {
    try {
      encryptionKey = new SecretKeySpec(encryption, 0, suite.keyLength(), "AES");
      if (suite.aead()) {
        // the GCM cipher is initialised with its IV for each packet
      } else {
        cipher.init(Cipher.ENCRYPT_MODE, encryptionKey);
        mac.init(authentication, 0, HmacSha1.LENGTH);
      }
    } catch (InvalidKeyException e) {
      throw new IllegalStateException("the JDK refused an AES or HMAC key", e);
    }
    System.arraycopy(newSalt, 0, salt, 0, salt.length);
    r = newR;
  }
}
