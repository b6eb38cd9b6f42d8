package io.siprec.srs.session;

import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

/**
 * SDES keying (RFC 4568) for receiving one SRTP stream: the crypto suite, the SRC's master keys
 * from the chosen {@code a=crypto} line and its session parameters.
 *
 * @param keys one master key, or several told apart by their MKIs (RFC 4568 §6.1)
 * @param mkiLength octets of MKI in every SRTP and SRTCP packet, 0 for none (then one key)
 */
public record SrtpParameters(
    SrtpSuite suite, List<SrtpMasterKey> keys, int mkiLength, SrtpSessionParameters session) {
  public static final String AES_CM_128_HMAC_SHA1_80 = "AES_CM_128_HMAC_SHA1_80";
  public static final String AES_CM_128_HMAC_SHA1_32 = "AES_CM_128_HMAC_SHA1_32";

  public SrtpParameters {
    keys = List.copyOf(keys);
    if (keys.isEmpty()) {
      throw new IllegalArgumentException("SRTP needs a master key");
    }
    if (mkiLength < 0 || mkiLength > 128) {
      throw new IllegalArgumentException("an MKI is 1 to 128 octets (RFC 4568 §6.1)");
    }
    if (mkiLength == 0 && keys.size() > 1) {
      throw new IllegalArgumentException(
          "several master keys need MKIs to tell them apart (RFC 4568 §6.1)");
    }
    Set<String> mkis = new HashSet<>();
    for (SrtpMasterKey k : keys) {
      if (k.key().length != suite.keyLength() || k.salt().length != suite.saltLength()) {
        throw new IllegalArgumentException(
            suite
                + " needs a "
                + suite.keyLength()
                + "-octet key and a "
                + suite.saltLength()
                + "-octet salt");
      }
      if (k.mki().length != mkiLength) {
        throw new IllegalArgumentException("every MKI of a line has the line's MKI length");
      }
      if (!mkis.add(HexFormat.of().formatHex(k.mki()))) {
        throw new IllegalArgumentException("two master keys with one MKI");
      }
    }
  }

  /** One key, no MKI, no session parameters. */
  public SrtpParameters(SrtpSuite suite, byte[] masterKey, byte[] masterSalt) {
    this(
        suite, List.of(new SrtpMasterKey(masterKey, masterSalt)), 0, SrtpSessionParameters.DEFAULT);
  }

  /** One key of the suite named in SDES, no MKI, no session parameters. */
  public SrtpParameters(String suite, byte[] masterKey, byte[] masterSalt) {
    this(
        SrtpSuite.bySdesName(suite)
            .orElseThrow(() -> new IllegalArgumentException("unsupported SRTP suite " + suite)),
        masterKey,
        masterSalt);
  }

  @Override
  public String toString() {
    return "SrtpParameters["
        + suite
        + ", "
        + keys.size()
        + " key(s) ****, mki "
        + mkiLength
        + ", "
        + session
        + "]"; // never log keys
  }
}
