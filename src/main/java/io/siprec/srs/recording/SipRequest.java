package io.siprec.srs.recording;

import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * A SIP request as the core reads it: only what the decisions need, no container types. The SIP
 * edge makes one from each request it receives.
 *
 * @param method the SIP method (INVITE for a re-INVITE too)
 * @param remoteAddress the packet's source address, never what a header claims
 * @param transport "udp", "tcp", "tls", ...
 * @param headers all values of a header by name (the container's name rules, compact forms
 *     included); an empty list when absent
 * @param headerNames the names of the headers present, as received
 * @param contentType the Content-Type header, or null
 * @param body the raw body, or null
 * @param hasToTag whether the To header has a tag (RFC 3261 §12.2.2: a request inside a dialog)
 */
public record SipRequest(
    String method,
    String remoteAddress,
    int remotePort,
    String transport,
    String callId,
    Function<String, List<String>> headers,
    List<String> headerNames,
    String contentType,
    byte[] body,
    boolean hasToTag) {

  /** The first value of a header, or null. */
  public String header(String name) {
    List<String> values = headers.apply(name);
    return values == null || values.isEmpty() ? null : values.get(0);
  }

  /** All values of a header, never null. */
  public List<String> headerValues(String name) {
    List<String> values = headers.apply(name);
    return values == null ? List.of() : values;
  }

  /** Where the request came from, "host:port/transport", for operators. */
  public String srcAddress() {
    return srcAddress(remoteAddress, remotePort, transport);
  }

  /**
   * "host:port/transport"; an IPv6 host in brackets and in its short form (RFC 5952 §4, as RFC 3986
   * §3.2.2 writes it with a port): "[::1]:5060/udp", where the container gives "0:0:0:0:0:0:0:1".
   */
  public static String srcAddress(String address, int port, String transport) {
    String host = address.indexOf(':') >= 0 ? "[" + shortIpv6(address) + "]" : address;
    return host + ":" + port + "/" + transport;
  }

  /** RFC 5952 §4: no leading zeros, the longest run of two or more zero groups as "::". */
  static String shortIpv6(String address) {
    String bare = address.startsWith("[") ? address.substring(1, address.length() - 1) : address;
    String scope = "";
    int percent = bare.indexOf('%');
    if (percent >= 0) {
      scope = bare.substring(percent);
      bare = bare.substring(0, percent);
    }
    String[] groups = bare.split(":", -1);
    if (groups.length != 8 || bare.contains("::")) {
      return bare.toLowerCase(Locale.ROOT) + scope; // already short, or not plain IPv6
    }
    int bestStart = -1;
    int bestLength = 1;
    for (int i = 0; i < 8; ) {
      int j = i;
      while (j < 8 && groups[j].matches("0+")) {
        j++;
      }
      if (j - i > bestLength) {
        bestStart = i;
        bestLength = j - i;
      }
      i = j == i ? i + 1 : j;
    }
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < 8; i++) {
      if (i == bestStart) {
        out.append(i == 0 ? "::" : ":");
        i += bestLength - 1;
        continue;
      }
      String g = groups[i].replaceFirst("^0+(?=.)", "").toLowerCase(Locale.ROOT);
      out.append(g);
      if (i < 7) {
        out.append(':');
      }
    }
    return out + scope;
  }
}
