package io.siprec.srs.session;

import java.util.Arrays;

/**
 * One master key of an SDES key parameter (RFC 4568 §6.1): key and salt, how many packets it may
 * protect, and the master key identifier (MKI) that names it in every packet when the line uses
 * MKIs.
 *
 * @param lifetime packets the key may protect: SRTP and SRTCP packets are counted apart, and each
 *     count must stay within it (RFC 4568 §6.1); the suite's maximum when the line gives none
 * @param mki the MKI as it appears in packets (big-endian, the line's MKI length), or empty
 */
public record SrtpMasterKey(byte[] key, byte[] salt, long lifetime, byte[] mki) {

  public SrtpMasterKey {
    if (lifetime <= 0) {
      throw new IllegalArgumentException("a master key lifetime is a positive number of packets");
    }
    key = key.clone();
    salt = salt.clone();
    mki = mki.clone();
  }

  /** A key without MKI, for as long as the suite allows. */
  public SrtpMasterKey(byte[] key, byte[] salt) {
    this(key, salt, SrtpSuite.MAX_SRTP_PACKETS, new byte[0]);
  }

  @Override
  public byte[] key() {
    return key.clone();
  }

  @Override
  public byte[] salt() {
    return salt.clone();
  }

  @Override
  public byte[] mki() {
    return mki.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SrtpMasterKey k
        && Arrays.equals(k.key, key)
        && Arrays.equals(k.salt, salt)
        && k.lifetime == lifetime
        && Arrays.equals(k.mki, mki);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(key) * 31 + Arrays.hashCode(mki);
  }

  @Override
  public String toString() {
    return "SrtpMasterKey[key ****, lifetime "
        + lifetime
        + ", mki "
        + Arrays.toString(mki)
        + "]"; // never log keys
  }
}
