package io.siprec.srs.testsupport;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * A SIP message kept as a fixture file (.sip): start line, headers, blank line, body. The body is
 * everything after the first blank line, byte for byte; Content-Length is not trusted (some
 * fixtures are about a wrong one).
 */
public record SipMessageFixture(String startLine, List<String[]> headers, byte[] body) {

  public static SipMessageFixture load(String resource) {
    return parse(Fixtures.bytes(resource));
  }

  public static SipMessageFixture parse(byte[] raw) {
    int split = indexOf(raw, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
    int bodyStart = split + 4;
    if (split < 0) {
      split = indexOf(raw, "\n\n".getBytes(StandardCharsets.ISO_8859_1));
      bodyStart = split + 2;
    }
    if (split < 0) {
      split = raw.length;
      bodyStart = raw.length;
    }
    String head = new String(raw, 0, split, StandardCharsets.ISO_8859_1);
    String[] lines = head.split("\r?\n");
    List<String[]> headers = new ArrayList<>();
    for (int i = 1; i < lines.length; i++) {
      if ((lines[i].startsWith(" ") || lines[i].startsWith("\t")) && !headers.isEmpty()) {
        String[] last = headers.get(headers.size() - 1);
        last[1] = last[1] + " " + lines[i].trim();
        continue;
      }
      int colon = lines[i].indexOf(':');
      headers.add(
          new String[] {lines[i].substring(0, colon).trim(), lines[i].substring(colon + 1).trim()});
    }
    return new SipMessageFixture(lines[0], headers, Arrays.copyOfRange(raw, bodyStart, raw.length));
  }

  /** The first header of that name, case-insensitive, or null. */
  public String header(String name) {
    for (String[] h : headers) {
      if (h[0].toLowerCase(Locale.ROOT).equals(name.toLowerCase(Locale.ROOT))) {
        return h[1];
      }
    }
    return null;
  }

  public List<String> headers(String name) {
    List<String> out = new ArrayList<>();
    for (String[] h : headers) {
      if (h[0].equalsIgnoreCase(name)) {
        out.add(h[1]);
      }
    }
    return out;
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i <= haystack.length - needle.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
