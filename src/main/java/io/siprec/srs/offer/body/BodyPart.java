package io.siprec.srs.offer.body;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One part of a multipart body: its headers in arrival order and its content bytes.
 *
 * @param contentType the part's Content-Type; {@code text/plain} when absent (RFC 2046 §5.1)
 * @param disposition the Content-Disposition type in lower case ("session", "recording-session"),
 *     or ""
 */
public record BodyPart(
    List<Map.Entry<String, String>> headers,
    ContentType contentType,
    String disposition,
    byte[] content) {

  public BodyPart {
    headers = List.copyOf(headers);
  }

  /** The first header of that name (case-insensitive), or null. */
  public String header(String name) {
    for (Map.Entry<String, String> h : headers) {
      if (h.getKey().equalsIgnoreCase(name)) {
        return h.getValue();
      }
    }
    return null;
  }

  static String dispositionType(String header) {
    if (header == null) {
      return "";
    }
    int semicolon = header.indexOf(';');
    return (semicolon < 0 ? header : header.substring(0, semicolon))
        .trim()
        .toLowerCase(Locale.ROOT);
  }
}
