package io.siprec.srs.offer.sdp;

import io.siprec.srs.session.SrtpMasterKey;
import io.siprec.srs.session.SrtpParameters;
import io.siprec.srs.session.SrtpSessionParameters;
import io.siprec.srs.session.SrtpSuite;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * SDP security descriptions for SRTP (RFC 4568 §6, grammar §9.2): one {@code a=crypto} value read
 * in full, and the choice among a line's offers.
 *
 * <ul>
 *   <li>Suites: those of {@link SrtpSuite}; names are case-insensitive (§4).
 *   <li>Key parameters (§6.1): {@code inline:<key||salt>[|lifetime][|MKI:length]}, one or more
 *       separated by {@code ;}. The lifetime is decimal or {@code 2^n}, at most 2^48 (the suites'
 *       SRTP maximum; more makes the attribute invalid); the MKI length 1 to 128 octets. Several
 *       keys must all have MKIs of one length; MKI values must differ, since the packet's MKI is
 *       all that tells the keys apart (§4.3: no trial and error).
 *   <li>Session parameters (§6.3): KDR, UNENCRYPTED_SRTP, UNENCRYPTED_SRTCP, UNAUTHENTICATED_SRTP
 *       and WSH are applied to what we receive. FEC_ORDER and FEC_KEY are accepted (FEC_KEY's keys
 *       checked like the line's): they concern an RFC 2733 FEC stream, and we accept no FEC format,
 *       so none ever reaches us. An unknown parameter makes the attribute invalid unless it starts
 *       with "-" (§6.3.7).
 *   <li>AES-GCM has no unencrypted or unauthenticated SRTP form (RFC 7714 defines none): such a
 *       line is refused; UNENCRYPTED_SRTCP is RFC 7714 §9's E = 0 and is fine.
 * </ul>
 *
 * @param tag the offer's tag, which the answer repeats (§5.1.2)
 * @param negotiated the negotiated session parameters we accepted, which the answer must repeat
 *     (§5.1.2; declarative ones, KDR, WSH, FEC_*, are not repeated)
 */
record Sdes(String tag, SrtpParameters parameters, List<String> negotiated) {

  /** Why an {@code a=crypto} value cannot be used; the message names it for an operator. */
  static final class Unusable extends Exception {
    Unusable(String message) {
      super(message, null, false, false);
    }
  }

  /**
   * The line's choice: the first offered attribute that is valid and that we support (RFC 4568
   * §5.1.2: the answerer SHOULD pick the most preferred one it can, the offer lists them most
   * preferred first). We take every suite we implement, so the SRC's order decides.
   *
   * @param chosen null when no attribute can be used
   * @param refusals why each attribute before the chosen one (or every one) was passed over
   */
  record Choice(Sdes chosen, List<String> refusals) {}

  static Choice choose(List<String> cryptoAttributes) {
    List<String> refusals = new ArrayList<>();
    for (String value : cryptoAttributes) {
      try {
        return new Choice(parse(value), refusals);
      } catch (Unusable e) {
        refusals.add(e.getMessage());
      }
    }
    return new Choice(null, refusals);
  }

  /**
   * Reads one {@code a=crypto} value: {@code <tag> <crypto-suite> <key-params> [<session-params>]}.
   */
  static Sdes parse(String value) throws Unusable {
    String[] f = fields(value);
    String tag = f[0];
    if (f.length < 3) {
      throw new Unusable("a=crypto:" + tag + " has no key parameter");
    }
    if (!tag.matches("\\d{1,9}")) {
      throw new Unusable("a=crypto tag " + tag + " is not 1 to 9 digits");
    }
    String where = "a=crypto:" + tag + " ";
    SrtpSuite suite =
        SrtpSuite.bySdesName(f[1])
            .orElseThrow(() -> new Unusable(where + "suite " + f[1] + " not supported"));
    Keys keys = keys(suite, f[2], where);

    int kdr = 0;
    boolean unencryptedSrtp = false;
    boolean unencryptedSrtcp = false;
    boolean unauthenticatedSrtp = false;
    int wsh = 0;
    List<String> negotiated = new ArrayList<>();
    for (int i = 3; i < f.length; i++) {
      String param = f[i];
      String upper = param.toUpperCase(Locale.ROOT);
      if (upper.startsWith("KDR=")) {
        // §6.3.1 says 1 to 24, §9.2's grammar 0 to 24; KDR=0 read as RFC 3711's rate 0 (derive
        // once).
        kdr = number(param.substring(4), 0, 24, where + param);
      } else if (upper.equals("UNENCRYPTED_SRTP")) {
        unencryptedSrtp = true;
        negotiated.add(upper);
      } else if (upper.equals("UNENCRYPTED_SRTCP")) {
        unencryptedSrtcp = true;
        negotiated.add(upper);
      } else if (upper.equals("UNAUTHENTICATED_SRTP")) {
        unauthenticatedSrtp = true;
        negotiated.add(upper);
      } else if (upper.startsWith("WSH=")) {
        // §6.3.6: a hint, at least 64 by the grammar; a smaller one is a hint we ignore.
        wsh = number(param.substring(4), 0, Integer.MAX_VALUE, where + param);
      } else if (upper.startsWith("FEC_ORDER=")) {
        String order = upper.substring("FEC_ORDER=".length());
        if (!order.equals("FEC_SRTP") && !order.equals("SRTP_FEC")) {
          throw new Unusable(where + param + ": FEC_ORDER is FEC_SRTP or SRTP_FEC");
        }
      } else if (upper.startsWith("FEC_KEY=")) {
        keys(suite, param.substring("FEC_KEY=".length()), where + "FEC_KEY ");
      } else if (!param.startsWith("-")) {
        throw new Unusable(
            where + "session parameter " + param + " not supported (RFC 4568 section 6.3.7)");
      }
    }
    if (suite.aead() && (unencryptedSrtp || unauthenticatedSrtp)) {
      throw new Unusable(where + suite + " has no unencrypted or unauthenticated SRTP (RFC 7714)");
    }
    SrtpSessionParameters session =
        new SrtpSessionParameters(
            kdr, unencryptedSrtp, unencryptedSrtcp, unauthenticatedSrtp, wsh >= 64 ? wsh : 0);
    return new Sdes(
        tag,
        new SrtpParameters(suite, keys.keys, keys.mkiLength, session),
        List.copyOf(negotiated));
  }

  /**
   * The value's fields, split at white space, except that key parameters written with a space after
   * their ";" (as in RFC 4568 §7.1.5's example, folded for print) stay one field.
   */
  private static String[] fields(String value) {
    List<String> out = new ArrayList<>(Arrays.asList(value.strip().split("[ \t]+")));
    while (out.size() > 3 && out.get(2).endsWith(";")) {
      out.set(2, out.get(2) + out.remove(3));
    }
    return out.toArray(String[]::new);
  }

  /**
   * The answer's value: our tag and suite, our own key (RFC 4568 §5.1.2), the negotiated
   * parameters.
   */
  String answer(byte[] ourKeyAndSalt) {
    StringBuilder a =
        new StringBuilder(tag)
            .append(' ')
            .append(parameters.suite().sdesName())
            .append(" inline:")
            .append(Base64.getEncoder().encodeToString(ourKeyAndSalt));
    negotiated.forEach(p -> a.append(' ').append(p));
    return a.toString();
  }

  private record Keys(List<SrtpMasterKey> keys, int mkiLength) {}

  /** {@code key-param *(";" key-param)}, every key checked against the suite (§6.1). */
  private static Keys keys(SrtpSuite suite, String keyParams, String where) throws Unusable {
    List<SrtpMasterKey> keys = new ArrayList<>();
    Set<BigInteger> mkis = new HashSet<>();
    int mkiLength = -1;
    for (String keyParam : keyParams.split(";", -1)) {
      int colon = keyParam.indexOf(':');
      if (colon < 0 || !keyParam.substring(0, colon).equalsIgnoreCase("inline")) {
        throw new Unusable(
            where
                + "key method "
                + (colon < 0 ? keyParam : keyParam.substring(0, colon))
                + " not supported (only inline)");
      }
      String[] info = keyParam.substring(colon + 1).split("\\|", -1);
      byte[] material;
      try {
        material = Base64.getDecoder().decode(info[0]);
      } catch (IllegalArgumentException e) {
        throw new Unusable(where + "key is not base64");
      }
      if (material.length != suite.keySaltLength()) {
        throw new Unusable(
            where
                + "key||salt of "
                + material.length
                + " octets, "
                + suite
                + " needs "
                + suite.keySaltLength());
      }
      long lifetime = SrtpSuite.MAX_SRTP_PACKETS;
      byte[] mki = new byte[0];
      int thisMkiLength = 0;
      for (int i = 1; i < info.length; i++) {
        String field = info[i];
        int mkiColon = field.indexOf(':');
        if (mkiColon >= 0 && i == info.length - 1) {
          // "MKI:length": a decimal MKI, big-endian in length octets (1 to 128)
          thisMkiLength =
              number(field.substring(mkiColon + 1), 1, 128, where + "MKI length " + field);
          BigInteger value;
          try {
            value = new BigInteger(field.substring(0, mkiColon));
          } catch (NumberFormatException e) {
            throw new Unusable(where + "MKI " + field + " is not a decimal number");
          }
          if (value.signum() < 0 || value.bitLength() > 8 * thisMkiLength) {
            throw new Unusable(where + "MKI " + field + " does not fit its length");
          }
          if (!mkis.add(value)) {
            throw new Unusable(where + "two keys with MKI " + value);
          }
          byte[] magnitude = value.toByteArray(); // may carry a leading zero octet
          mki = new byte[thisMkiLength];
          int n = Math.min(magnitude.length, thisMkiLength);
          System.arraycopy(magnitude, magnitude.length - n, mki, thisMkiLength - n, n);
        } else if (mkiColon < 0 && i == 1) {
          lifetime = lifetime(field, where);
        } else {
          throw new Unusable(where + "key parameter field " + field + " out of place");
        }
      }
      if (mkiLength >= 0 && thisMkiLength != mkiLength) {
        throw new Unusable(where + "several keys need MKIs of one length (RFC 4568 section 6.1)");
      }
      mkiLength = thisMkiLength;
      keys.add(
          new SrtpMasterKey(
              Arrays.copyOf(material, suite.keyLength()),
              Arrays.copyOfRange(material, suite.keyLength(), material.length),
              lifetime,
              mki));
    }
    if (keys.size() > 1 && mkiLength == 0) {
      throw new Unusable(where + "several keys without MKIs (RFC 4568 section 6.1)");
    }
    return new Keys(keys, mkiLength);
  }

  /**
   * {@code ["2^"] 1*DIGIT}: a positive number of packets, at most the suites' SRTP maximum, 2^48.
   */
  private static long lifetime(String field, String where) throws Unusable {
    long packets;
    if (field.startsWith("2^")) {
      int exponent = number(field.substring(2), 0, 48, where + "lifetime " + field);
      packets = 1L << exponent;
    } else {
      try {
        packets = field.matches("\\d{1,15}") ? Long.parseLong(field) : -1;
      } catch (NumberFormatException e) {
        packets = -1;
      }
      if (packets < 1 || packets > SrtpSuite.MAX_SRTP_PACKETS) {
        throw new Unusable(
            where + "lifetime " + field + " is not 1 to 2^48 packets (RFC 4568 section 6.1)");
      }
    }
    return packets;
  }

  private static int number(String digits, int min, int max, String what) throws Unusable {
    if (!digits.matches("\\d{1,10}")) {
      throw new Unusable(what + ": not a decimal number");
    }
    long n = Long.parseLong(digits);
    if (n < min || n > max) {
      throw new Unusable(what + ": out of range " + min + " to " + max);
    }
    return (int) n;
  }
}
