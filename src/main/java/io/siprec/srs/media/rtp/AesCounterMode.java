package io.siprec.srs.media.rtp;

import java.security.GeneralSecurityException;
import javax.crypto.Cipher;

/**
 * AES in counter mode (RFC 3711 §4.1.1): the keystream is AES of IV, IV + 1, IV + 2, ... (as
 * 128-bit integers), XORed onto the data. Built on AES/ECB so that a packet needs no new IV object:
 * the counter blocks are written into scratch and encrypted in one call, which allocates nothing
 * (AES/CTR would need an IvParameterSpec, and a Cipher.init, per packet).
 */
final class AesCounterMode {
  private AesCounterMode() {}

  /**
   * XORs the keystream from counter block {@code iv + firstBlock} onto {@code data[off, off +
   * len)}.
   *
   * @param ecb AES/ECB/NoPadding initialised for encryption with the session key
   * @param iv 16 octets, unchanged
   * @param counters scratch of at least {@code len} rounded up to 16, plus 16
   * @param keystream scratch as large as {@code counters}
   */
  static void xor(
      Cipher ecb,
      byte[] iv,
      long firstBlock,
      byte[] data,
      int off,
      int len,
      byte[] counters,
      byte[] keystream) {
    int blocks = (len + 15) >>> 4;
    System.arraycopy(iv, 0, counters, 0, 16);
    add(counters, 0, firstBlock);
    for (int b = 1; b < blocks; b++) {
      System.arraycopy(counters, (b - 1) * 16, counters, b * 16, 16);
      add(counters, b * 16, 1);
    }
    try {
      ecb.doFinal(counters, 0, blocks * 16, keystream, 0);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES failed", e);
    }
    for (int i = 0; i < len; i++) {
      data[off + i] ^= keystream[i];
    }
  }

  /** block (16 octets at {@code at}, big-endian) += n, modulo 2^128. */
  private static void add(byte[] block, int at, long n) {
    long carry = n;
    for (int i = at + 15; i >= at && carry != 0; i--) {
      long sum = (block[i] & 0xff) + (carry & 0xff);
      block[i] = (byte) sum;
      carry = (carry >>> 8) + (sum >>> 8);
    }
  }
}
