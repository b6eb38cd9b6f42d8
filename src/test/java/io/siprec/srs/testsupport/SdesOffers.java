package io.siprec.srs.testsupport;

import java.math.BigInteger;
import java.util.Base64;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What an SRC sends after offering an {@code a=crypto} line (RFC 4568 §6.1, §6.3): a test sender
 * with the line's suite, its keys (with their MKIs) and its session parameters, protecting with the
 * first key. Read here apart from the server's parser, simply: the fixtures are well-formed.
 */
public final class SdesOffers {
  private static final Pattern MKI = Pattern.compile("\\|(\\d+):(\\d+)$");

  private SdesOffers() {}

  /**
   * @param value what follows {@code a=crypto:} in the offer
   */
  public static SrtpSender sender(String value) {
    String[] f = value.strip().split("\\s+");
    SrtpSender.Builder b = SrtpSender.builder(f[1].toUpperCase(Locale.ROOT));
    String[] keys = f[2].split(";");
    Matcher first = MKI.matcher(keys[0]);
    b.mkiLength(first.find() ? Integer.parseInt(first.group(2)) : 0);
    for (String k : keys) {
      String info = k.substring(k.indexOf(':') + 1);
      byte[] material = Base64.getDecoder().decode(info.split("\\|")[0]);
      Matcher mki = MKI.matcher(info);
      if (mki.find()) {
        b.key(material, new BigInteger(mki.group(1)).longValueExact());
      } else {
        b.key(material);
      }
    }
    for (int i = 3; i < f.length; i++) {
      String p = f[i].toUpperCase(Locale.ROOT);
      if (p.startsWith("KDR=")) {
        b.keyDerivationRate(Integer.parseInt(p.substring(4)));
      } else if (p.equals("UNENCRYPTED_SRTP")) {
        b.unencryptedSrtp();
      } else if (p.equals("UNENCRYPTED_SRTCP")) {
        b.unencryptedSrtcp();
      } else if (p.equals("UNAUTHENTICATED_SRTP")) {
        b.unauthenticatedSrtp();
      }
    }
    return b.build();
  }

  /**
   * The sender for the line the answer accepted: the offered {@code a=crypto} of one m= section
   * whose tag the answer's section repeats, or null if the answer section has no crypto line.
   */
  public static SrtpSender forAnswer(String offeredSection, String answerSection) {
    Matcher answer = Pattern.compile("a=crypto:(\\d+) ").matcher(answerSection);
    if (!answer.find()) {
      return null;
    }
    Matcher offer =
        Pattern.compile("(?m)^a=crypto:(" + answer.group(1) + " [^\\r\\n]+)")
            .matcher(offeredSection);
    if (!offer.find()) {
      throw new AssertionError("the answer's tag " + answer.group(1) + " was not offered");
    }
    return sender(offer.group(1));
  }
}
