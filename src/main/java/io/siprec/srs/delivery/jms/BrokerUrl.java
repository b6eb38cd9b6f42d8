package io.siprec.srs.delivery.jms;

import java.util.regex.Pattern;

/** What of an Artemis client URL may be shown: the URL with every password parameter masked. */
public final class BrokerUrl {
  /** trustStorePassword, keyStorePassword, password, ... in any case, up to the next separator. */
  private static final Pattern PASSWORD_PARAMETER =
      Pattern.compile("(?i)([?&;][a-z.]*password=)[^&;,)]*");

  private BrokerUrl() {}

  public static String redacted(String url) {
    return PASSWORD_PARAMETER.matcher(url).replaceAll("$1***");
  }
}
