package io.siprec.srs.media.rtp;

import java.security.GeneralSecurityException;
import javax.crypto.Cipher;
import javax.crypto.ShortBufferException;

/**
 * The SRTP key derivation function (RFC 3711 §4.3): session keys are the AES-CM keystream of the
 * master key (AES-128, or AES-256 as RFC 6188 §3 defines AES_256_CM_PRF) at IV = (key_id XOR master
 * salt) * 2^16, where key_id = label || r and r = index DIV key derivation rate.
 */
final class SrtpKeyDerivation {
  /** RFC 3711 §4.3.1 and §4.3.2: the labels of the six session keys. */
  static final int SRTP_ENCRYPTION = 0x00;

  static final int SRTP_AUTHENTICATION = 0x01;
  static final int SRTP_SALT = 0x02;
  static final int SRTCP_ENCRYPTION = 0x03;
  static final int SRTCP_AUTHENTICATION = 0x04;
  static final int SRTCP_SALT = 0x05;

  private SrtpKeyDerivation() {}

  /**
   * The master salt the PRF takes: 112 bits. The 96-bit salt of the AEAD suites is multiplied by
   * 2^16 first (RFC 7714 erratum 4938, as libsrtp and most implementations do): two zero octets on
   * its right.
   */
  static byte[] prfSalt(byte[] masterSalt) {
    byte[] salt = new byte[14];
    System.arraycopy(masterSalt, 0, salt, 0, masterSalt.length);
    return salt;
  }

  /**
   * Writes {@code length} octets of the session key for {@code label} into {@code out}.
   *
   * @param prf AES/ECB/NoPadding, initialised for encryption with the master key
   * @param salt the 112-bit master salt ({@link #prfSalt})
   * @param r index DIV key derivation rate, 0 without a rate (48 bits)
   * @param block 32 octets of scratch
   */
  static void derive(
      Cipher prf, byte[] salt, int label, long r, byte[] out, int length, byte[] block) {
    // x = key_id XOR master_salt, right-aligned: label at octet 7, r in octets 8..13; then * 2^16.
    System.arraycopy(salt, 0, block, 0, 14);
    block[7] ^= (byte) label;
    for (int i = 0; i < 6; i++) {
      block[8 + i] ^= (byte) (r >>> (8 * (5 - i)));
    }
    try {
      for (int i = 0, n = 0; n < length; i++) {
        block[14] = (byte) (i >> 8);
        block[15] = (byte) i;
        prf.doFinal(block, 0, 16, block, 16);
        int take = Math.min(16, length - n);
        System.arraycopy(block, 16, out, n, take);
        n += take;
      }
    } catch (ShortBufferException e) {
      throw new IllegalStateException(e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES failed", e);
    }
  }
}
