package io.siprec.srs.media.rtp;

import io.siprec.srs.session.SrtpMasterKey;
import io.siprec.srs.session.SrtpSuite;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;

/**
 * One master key as SRTP (labels 0 to 2) or SRTCP (labels 3 to 5) uses it: its MKI, how many
 * packets it has protected against its lifetime (RFC 3711 §9.2, RFC 4568 §6.1: a receiver must not
 * accept packets beyond it), and its session keys. With a key derivation rate the session keys
 * change every 2^n packets; two sets are kept, so that a packet reordered across the boundary still
 * finds its keys without deriving back and forth.
 */
final class SrtpKeyContext {
  final byte[] mki;
  final long lifetime;

  /** Authenticated packets that used this key. */
  long packets;

  private final SrtpSuite suite;
  private final boolean rtcp;
  private final Cipher prf; // null for fixed session keys
  private final byte[] prfSalt;
  private final SrtpSessionKeys current;
  private final SrtpSessionKeys other;
  private final byte[] encryption = new byte[32];
  private final byte[] authentication = new byte[20];
  private final byte[] salt = new byte[14];
  private final byte[] block = new byte[32];

  /**
   * @param rtcp derive SRTCP's keys (labels 3 to 5) rather than SRTP's
   */
  SrtpKeyContext(SrtpSuite suite, SrtpMasterKey key, boolean rtcp) {
    this.suite = suite;
    this.rtcp = rtcp;
    this.mki = key.mki();
    this.lifetime =
        Math.min(key.lifetime(), rtcp ? SrtpSuite.MAX_SRTCP_PACKETS : SrtpSuite.MAX_SRTP_PACKETS);
    this.prfSalt = SrtpKeyDerivation.prfSalt(key.salt());
    try {
      prf = Cipher.getInstance("AES/ECB/NoPadding");
      prf.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key.key(), "AES"));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK lacks AES", e);
    }
    current = new SrtpSessionKeys(suite);
    other = new SrtpSessionKeys(suite);
  }

  /** Session keys given as they are (the RFC 7714 test vectors), no derivation, no MKI. */
  SrtpKeyContext(
      SrtpSuite suite, byte[] encryptionKey, byte[] authenticationKey, byte[] sessionSalt) {
    this.suite = suite;
    this.rtcp = false;
    this.mki = new byte[0];
    this.lifetime = SrtpSuite.MAX_SRTP_PACKETS;
    this.prf = null;
    this.prfSalt = null;
    current = new SrtpSessionKeys(suite);
    other = current;
    current.install(
        0,
        encryptionKey,
        authenticationKey == null ? new byte[20] : authenticationKey,
        sessionSalt);
  }

  /** The session keys for r, derived if neither set has them. */
  SrtpSessionKeys sessionKeys(long r) {
    if (current.r == r) {
      return current;
    }
    if (other.r == r) {
      return other;
    }
    if (prf == null) {
      return current; // fixed keys
    }
    // Replace the set of the lower r: reordering goes back one boundary at most.
    SrtpSessionKeys target = current.r < other.r ? current : other;
    int base = rtcp ? SrtpKeyDerivation.SRTCP_ENCRYPTION : SrtpKeyDerivation.SRTP_ENCRYPTION;
    SrtpKeyDerivation.derive(prf, prfSalt, base, r, encryption, suite.keyLength(), block);
    if (!suite.aead()) {
      SrtpKeyDerivation.derive(prf, prfSalt, base + 1, r, authentication, 20, block);
    }
    SrtpKeyDerivation.derive(prf, prfSalt, base + 2, r, salt, suite.saltLength(), block);
    target.install(r, encryption, authentication, salt);
    Arrays.fill(encryption, (byte) 0);
    Arrays.fill(authentication, (byte) 0);
    return target;
  }

  /** True if the MKI field of the packet at {@code at} names this key. */
  boolean named(byte[] packet, int at) {
    for (int i = 0; i < mki.length; i++) {
      if (packet[at + i] != mki[i]) {
        return false;
      }
    }
    return true;
  }

  /** Counts one authenticated packet; false once the key's lifetime is used up. */
  boolean use() {
    if (packets >= lifetime) {
      return false;
    }
    packets++;
    return true;
  }
}
