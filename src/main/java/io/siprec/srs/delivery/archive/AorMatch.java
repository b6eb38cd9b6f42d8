package io.siprec.srs.delivery.archive;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Whether two addresses of record name the same participant, as an erasure request must decide: the
 * SRC may have written {@code <sip:+1-555-0100@Carrier.example.com;user=phone>} where the request
 * says {@code sip:+15550100@carrier.example.com}. Compared: the user part (percent-escapes decoded,
 * RFC 3261 section 19.1.4; for a telephone number, the visual separators {@code - . ( )} left out,
 * RFC 3966 section 5.1.1) exactly, and the host ignoring case. The scheme ({@code sip}, {@code
 * sips}, {@code tel}), URI parameters and headers do not matter: the same person either way.
 */
final class AorMatch {
  private AorMatch() {}

  static boolean same(String a, String b) {
    String ca = canonical(a);
    return !ca.isEmpty() && ca.equals(canonical(b));
  }

  static String canonical(String aor) {
    String s = aor == null ? "" : aor.strip();
    if (s.startsWith("<") && s.endsWith(">")) {
      s = s.substring(1, s.length() - 1).strip();
    }
    String lower = s.toLowerCase(Locale.ROOT);
    for (String scheme : new String[] {"sips:", "sip:", "tel:"}) {
      if (lower.startsWith(scheme)) {
        s = s.substring(scheme.length());
        break;
      }
    }
    int at = s.lastIndexOf('@');
    String user = at < 0 ? s : s.substring(0, at);
    String host = at < 0 ? "" : s.substring(at + 1);
    user = cut(user);
    host = cut(host).toLowerCase(Locale.ROOT);
    user = unescape(user);
    if (user.matches("\\+?[0-9().-]+")) {
      user = user.replaceAll("[().-]", "");
    }
    return host.isEmpty() ? user : user + "@" + host;
  }

  /** Up to the first URI parameter or header. */
  private static String cut(String part) {
    int end = part.length();
    for (char c : new char[] {';', '?'}) {
      int i = part.indexOf(c);
      if (i >= 0 && i < end) {
        end = i;
      }
    }
    return part.substring(0, end);
  }

  private static String unescape(String user) {
    if (user.indexOf('%') < 0) {
      return user;
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] bytes = user.getBytes(StandardCharsets.UTF_8);
    for (int i = 0; i < bytes.length; i++) {
      if (bytes[i] == '%'
          && i + 2 < bytes.length
          && hex(bytes[i + 1]) >= 0
          && hex(bytes[i + 2]) >= 0) {
        out.write(hex(bytes[i + 1]) * 16 + hex(bytes[i + 2]));
        i += 2;
      } else {
        out.write(bytes[i]);
      }
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  private static int hex(byte b) {
    return Character.digit(b, 16);
  }
}
