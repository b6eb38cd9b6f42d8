package io.siprec.srs.session;

import java.util.Arrays;

/**
 * SDES keying (RFC 4568) for receiving one SRTP stream: the suite and the SRC's master key and
 * salt from its {@code a=crypto} line.
 *
 * @param suite AES_CM_128_HMAC_SHA1_80 or AES_CM_128_HMAC_SHA1_32
 */
public record SrtpParameters(String suite, byte[] masterKey, byte[] masterSalt) {
  public static final String AES_CM_128_HMAC_SHA1_80 = "AES_CM_128_HMAC_SHA1_80";
  public static final String AES_CM_128_HMAC_SHA1_32 = "AES_CM_128_HMAC_SHA1_32";

  public SrtpParameters {
    if (!suite.equals(AES_CM_128_HMAC_SHA1_80) && !suite.equals(AES_CM_128_HMAC_SHA1_32)) {
      throw new IllegalArgumentException("unsupported SRTP suite " + suite);
    }
    if (masterKey.length != 16 || masterSalt.length != 14) {
      throw new IllegalArgumentException("AES-CM-128 needs a 16-octet key and a 14-octet salt");
    }
    masterKey = masterKey.clone();
    masterSalt = masterSalt.clone();
  }

  @Override
  public byte[] masterKey() {
    return masterKey.clone();
  }

  @Override
  public byte[] masterSalt() {
    return masterSalt.clone();
  }

  /** Authentication tag length in octets. */
  public int tagLength() {
    return suite.equals(AES_CM_128_HMAC_SHA1_80) ? 10 : 4;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SrtpParameters p && p.suite.equals(suite) && Arrays.equals(p.masterKey, masterKey)
        && Arrays.equals(p.masterSalt, masterSalt);
  }

  @Override
  public int hashCode() {
    return suite.hashCode() * 31 + Arrays.hashCode(masterKey);
  }

  @Override
  public String toString() {
    return "SrtpParameters[" + suite + ", key ****]"; // never log keys
  }
}
