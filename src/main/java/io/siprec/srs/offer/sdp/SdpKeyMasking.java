package io.siprec.srs.offer.sdp;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * SDP text made safe to show: the key material of SDES ({@code a=crypto ... inline:<key>}, RFC
 * 4568), MIKEY ({@code a=key-mgmt}, RFC 4567) and the old {@code k=} line (RFC 4566 §5.12) is
 * replaced by {@value #MASK}. Everything else stays as it was sent, so the text still compares line
 * by line with an SBC trace.
 */
public final class SdpKeyMasking {
  public static final String MASK = "********";

  /**
   * An inline key up to its lifetime/MKI ({@code |}), the next key ({@code ;}) or the line end;
   * also FEC_KEY's (RFC 4568 §6.3.5). Any case: the negotiation reads {@code INLINE:} too.
   */
  private static final Pattern INLINE_KEY = Pattern.compile("(?i)(inline:)[^|;\\s]+");

  private static final Pattern KEY_MGMT = Pattern.compile("(?m)^(a=key-mgmt:\\s*\\S+\\s+).*$");
  private static final Pattern K_LINE = Pattern.compile("(?m)^(k=).*$");
  private static final Pattern CRYPTO_LINE = Pattern.compile("(?mi)^a=crypto:.*$");

  private SdpKeyMasking() {}

  public static String mask(String sdp) {
    // Most SDP carries no key: two masked copies per call set-up, so skip the three regex scans.
    if (!containsIgnoreCase(sdp, "a=crypto:")
        && !sdp.contains("a=key-mgmt:")
        && !sdp.startsWith("k=")
        && !sdp.contains("\nk=")) {
      return sdp;
    }
    StringBuilder out = new StringBuilder(sdp.length());
    var m = CRYPTO_LINE.matcher(sdp);
    while (m.find()) {
      m.appendReplacement(
          out, Matcher.quoteReplacement(INLINE_KEY.matcher(m.group()).replaceAll("$1" + MASK)));
    }
    m.appendTail(out);
    String masked = KEY_MGMT.matcher(out).replaceAll("$1" + MASK);
    return K_LINE.matcher(masked).replaceAll("$1" + MASK);
  }

  private static boolean containsIgnoreCase(String text, String what) {
    for (int i = 0; i + what.length() <= text.length(); i++) {
      if (text.regionMatches(true, i, what, 0, what.length())) {
        return true;
      }
    }
    return false;
  }
}
