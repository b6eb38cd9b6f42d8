package io.siprec.srs.sip.sdp;

import io.siprec.srs.session.SrtpParameters;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

/**
 * SDP security descriptions (RFC 4568): picks the first {@code a=crypto} line of an offer that we
 * can use: suite AES_CM_128_HMAC_SHA1_80 or _32, one inline key of 30 octets (16 key, 14 salt),
 * no MKI (its octets would sit in every packet), no session parameters (UNENCRYPTED_SRTP, KDR...).
 */
record Sdes(String tag, SrtpParameters parameters) {

  static Sdes choose(List<String> cryptoAttributes) {
    for (String value : cryptoAttributes) {
      Sdes s = parse(value);
      if (s != null) {
        return s;
      }
    }
    return null;
  }

  /** {@code 1 AES_CM_128_HMAC_SHA1_80 inline:<base64>[|lifetime]} or null if we cannot use it. */
  static Sdes parse(String value) {
    String[] f = value.strip().split("\\s+");
    if (f.length != 3 || !f[0].matches("\\d{1,9}")) {
      return null; // no key, or session parameters we do not implement
    }
    String suite = f[1];
    if (!suite.equals(SrtpParameters.AES_CM_128_HMAC_SHA1_80) && !suite.equals(SrtpParameters.AES_CM_128_HMAC_SHA1_32)) {
      return null;
    }
    if (!f[2].startsWith("inline:") || f[2].contains(";")) {
      return null; // one key only
    }
    String[] key = f[2].substring("inline:".length()).split("\\|");
    for (int i = 1; i < key.length; i++) {
      if (key[i].contains(":")) {
        return null; // an MKI
      }
    }
    byte[] material;
    try {
      material = Base64.getDecoder().decode(key[0]);
    } catch (IllegalArgumentException e) {
      return null;
    }
    if (material.length != 30) {
      return null;
    }
    return new Sdes(f[0], new SrtpParameters(suite, Arrays.copyOfRange(material, 0, 16),
        Arrays.copyOfRange(material, 16, 30)));
  }
}
