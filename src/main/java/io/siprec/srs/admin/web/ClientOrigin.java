package io.siprec.srs.admin.web;

import io.siprec.srs.config.AddressRanges;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import javax.servlet.http.HttpServletRequest;

/**
 * Who is on the other end of a console request, and whether they reached us over TLS. Behind a
 * TLS-terminating reverse proxy (srs.admin.trusted-proxies) the connection's peer is the proxy:
 * then the proxy's {@code X-Forwarded-For} names the client and its {@code X-Forwarded-Proto} the
 * scheme the client used. From any other peer both headers are ignored: anyone can send them.
 *
 * @param address the client's address: the login throttle's key and what the log names
 * @param secure whether the client's own connection was TLS (the session cookie is then Secure)
 */
public record ClientOrigin(String address, boolean secure) {
  private static final String ATTRIBUTE = ClientOrigin.class.getName();

  /**
   * Works out the origin from the connection and, only when the peer is a trusted proxy, the
   * forwarding headers.
   *
   * @param forwardedFor every {@code X-Forwarded-For} header line, in the order received
   * @param forwardedProto every {@code X-Forwarded-Proto} header line, in the order received
   */
  public static ClientOrigin of(
      AddressRanges trustedProxies,
      String peerAddress,
      boolean peerSecure,
      List<String> forwardedFor,
      List<String> forwardedProto) {
    if (!trustedProxies.contains(peerAddress)) {
      return new ClientOrigin(peerAddress, peerSecure);
    }
    return new ClientOrigin(
        client(trustedProxies, peerAddress, forwardedFor), peerSecure || saysHttps(forwardedProto));
  }

  /**
   * The right-most address of X-Forwarded-For that is not itself a trusted proxy. Each proxy
   * appends the peer it received the request from, so entries right of the first untrusted one were
   * written by proxies we trust, and entries left of it may be anything the client wrote. When
   * every entry is a trusted proxy the left-most is the client (a request from inside); an entry
   * that is no address stops the walk at the last good hop, never letting garbage through.
   */
  private static String client(
      AddressRanges trustedProxies, String peerAddress, List<String> forwardedFor) {
    List<String> hops = new ArrayList<>();
    for (String line : forwardedFor) {
      for (String part : line.split(",")) {
        if (!part.isBlank()) {
          hops.add(part.strip());
        }
      }
    }
    Collections.reverse(hops);
    String client = peerAddress;
    for (String hop : hops) {
      String address = withoutPort(hop);
      if (AddressRanges.literal(address) == null) {
        return client;
      }
      client = address;
      if (!trustedProxies.contains(address)) {
        return client;
      }
    }
    return client;
  }

  /** Some proxies add the client's port: {@code 192.0.2.7:5123}, {@code [2001:db8::7]:5123}. */
  private static String withoutPort(String hop) {
    if (hop.startsWith("[")) {
      int close = hop.indexOf(']');
      return close < 0 ? hop : hop.substring(1, close);
    }
    int colon = hop.indexOf(':');
    return colon > 0 && hop.indexOf(':', colon + 1) < 0 ? hop.substring(0, colon) : hop;
  }

  /**
   * Whether a trusted proxy says the client used https. Any https among the values counts: the
   * header can only make the cookie stricter, so whoever wrote a value cannot weaken another's.
   */
  private static boolean saysHttps(List<String> forwardedProto) {
    for (String line : forwardedProto) {
      for (String part : line.split(",")) {
        if (part.strip().toLowerCase(Locale.ROOT).equals("https")) {
          return true;
        }
      }
    }
    return false;
  }

  /** Works the origin out once per request (the filter does) and keeps it on the request. */
  static ClientOrigin of(HttpServletRequest req, AddressRanges trustedProxies) {
    Object known = req.getAttribute(ATTRIBUTE);
    if (known instanceof ClientOrigin) {
      return (ClientOrigin) known;
    }
    ClientOrigin origin =
        of(
            trustedProxies,
            req.getRemoteAddr(),
            req.isSecure(),
            Collections.list(req.getHeaders("X-Forwarded-For")),
            Collections.list(req.getHeaders("X-Forwarded-Proto")));
    req.setAttribute(ATTRIBUTE, origin);
    return origin;
  }
}
