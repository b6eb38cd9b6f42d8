package io.siprec.srs.media.rtp;

import io.siprec.srs.session.SrtpMasterKey;
import io.siprec.srs.session.SrtpParameters;
import io.siprec.srs.session.SrtpSuite;
import java.security.GeneralSecurityException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;

/**
 * The keys and transforms of one SDES line for one kind of packet: its master keys with their
 * session keys (RFC 3711 §4.3: labels 0 to 2 for SRTP, 3 to 5 for SRTCP), derived again every 2^KDR
 * packets (§4.3.1); the key an MKI names (§3.1); the HMAC-SHA1 tag check (§4.2); AES-CM decryption
 * (§4.1.1); AES-GCM opening (RFC 7714 §§8-9). {@link SrtpReceiver} and {@link SrtcpReceiver} each
 * hold one and add their packet layout, index and replay lists: the cryptography is written once
 * for both.
 *
 * <p>Allocates nothing per packet with AES-CM; AES-GCM allocates in the JDK (a GCMParameterSpec per
 * packet, and inside Cipher.init/doFinal). Single-threaded, on the stream's loop thread.
 */
final class SrtpCrypto {
  static final int GCM_TAG = 16;

  private final SrtpSuite suite;
  private final SrtpKeyContext[] keys;
  private final int mkiLength;

  /** n of KDR=n; -1 without a key derivation rate. */
  private final int derivationShift;

  /** The line's keys for SRTP ({@code rtcp} false) or SRTCP. */
  SrtpCrypto(SrtpParameters keying, boolean rtcp) {
    this(
        keying.suite(),
        contexts(keying, rtcp),
        keying.mkiLength(),
        keying.session().keyDerivationRate());
  }

  private SrtpCrypto(SrtpSuite suite, SrtpKeyContext[] keys, int mkiLength, int keyDerivationRate) {
    this.suite = suite;
    this.keys = keys;
    this.mkiLength = mkiLength;
    this.derivationShift = keyDerivationRate == 0 ? -1 : keyDerivationRate;
  }

  /**
   * Session keys given as they are, no MKI, no KDR (RFC 7714's test vectors give no master key).
   */
  static SrtpCrypto withSessionKeys(
      SrtpSuite suite, byte[] encryptionKey, byte[] authenticationKey, byte[] sessionSalt) {
    return new SrtpCrypto(
        suite,
        new SrtpKeyContext[] {
          new SrtpKeyContext(suite, encryptionKey, authenticationKey, sessionSalt)
        },
        0,
        0);
  }

  private static SrtpKeyContext[] contexts(SrtpParameters keying, boolean rtcp) {
    SrtpKeyContext[] contexts = new SrtpKeyContext[keying.keys().size()];
    for (int i = 0; i < contexts.length; i++) {
      SrtpMasterKey key = keying.keys().get(i);
      contexts[i] = new SrtpKeyContext(keying.suite(), key, rtcp);
    }
    return contexts;
  }

  SrtpSuite suite() {
    return suite;
  }

  boolean aead() {
    return suite.aead();
  }

  int mkiLength() {
    return mkiLength;
  }

  /**
   * The master key whose MKI the packet carries at {@code at}; the only key when there is no MKI;
   * null if none.
   */
  SrtpKeyContext keyNamedAt(byte[] p, int at) {
    if (mkiLength == 0) {
      return keys[0];
    }
    for (SrtpKeyContext k : keys) {
      if (k.named(p, at)) {
        return k;
      }
    }
    return null;
  }

  /** §4.3.1: the session keys of {@code key} for the packet of index {@code index}. */
  SrtpSessionKeys sessionKeys(SrtpKeyContext key, long index) {
    return key.sessionKeys(derivationShift < 0 ? 0 : index >>> derivationShift);
  }

  /**
   * §4.2: HMAC-SHA1 over the scratch packet's {@code [0, authenticatedEnd)} (then, for SRTP, the
   * 4-octet rollover counter), compared in constant time with the {@code tagLength} octets at
   * {@code tagAt}.
   *
   * @param rollover the ROC, or -1 for SRTCP (whose index is inside the authenticated portion)
   */
  static boolean tagVerifies(
      SrtpSessionKeys session,
      SrtpScratch s,
      int authenticatedEnd,
      int tagAt,
      int tagLength,
      long rollover) {
    session.mac.update(s.packet, 0, authenticatedEnd);
    if (rollover >= 0) {
      byte[] roc = s.rollover;
      roc[0] = (byte) (rollover >>> 24);
      roc[1] = (byte) (rollover >>> 16);
      roc[2] = (byte) (rollover >>> 8);
      roc[3] = (byte) rollover;
      session.mac.update(roc, 0, 4);
    }
    session.mac.doFinal(s.tag, 0);
    int diff = 0;
    for (int i = 0; i < tagLength; i++) {
      diff |= s.tag[i] ^ s.packet[tagAt + i];
    }
    return diff == 0;
  }

  /**
   * §4.1.1 (and §3.4 for SRTCP): AES-CM with IV = (k_s * 2^16) XOR (SSRC * 2^64) XOR (i * 2^16),
   * over the scratch packet's {@code [from, from + length)}, in place.
   */
  static void decryptCounterMode(
      SrtpSessionKeys session, SrtpScratch s, long ssrc, long index, int from, int length) {
    byte[] iv = s.iv;
    System.arraycopy(session.salt, 0, iv, 0, 14);
    iv[14] = 0;
    iv[15] = 0;
    for (int i = 0; i < 4; i++) {
      iv[4 + i] ^= (byte) (ssrc >>> (8 * (3 - i)));
    }
    for (int i = 0; i < 6; i++) {
      iv[8 + i] ^= (byte) (index >>> (8 * (5 - i)));
    }
    AesCounterMode.xor(session.cipher, iv, 0, s.packet, from, length, s.counters, s.keystream);
  }

  /**
   * RFC 7714: opens AES-GCM with the 12-octet IV the caller wrote into {@code s.aeadIv} (before the
   * salt, which is XORed in here), two ranges of the scratch packet as associated data, and {@code
   * [from, from + length)} as ciphertext with its 16-octet tag.
   *
   * @return the plaintext's length (written to {@code s.plain} from 0), or -1 if the tag fails
   */
  static int openGcm(
      SrtpSessionKeys session,
      SrtpScratch s,
      int aadFrom,
      int aadLength,
      int aad2From,
      int aad2Length,
      int from,
      int length) {
    byte[] iv = s.aeadIv;
    for (int i = 0; i < 12; i++) {
      iv[i] ^= session.salt[i];
    }
    try {
      Cipher gcm = session.cipher;
      gcm.init(Cipher.DECRYPT_MODE, session.encryptionKey, new GCMParameterSpec(GCM_TAG * 8, iv));
      gcm.updateAAD(s.packet, aadFrom, aadLength);
      if (aad2Length > 0) {
        gcm.updateAAD(s.packet, aad2From, aad2Length);
      }
      return gcm.doFinal(s.packet, from, length, s.plain, 0);
    } catch (GeneralSecurityException e) {
      return -1; // AEADBadTagException among them
    }
  }
}
