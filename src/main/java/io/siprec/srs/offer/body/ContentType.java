package io.siprec.srs.offer.body;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A parsed Content-Type value (RFC 2045 §5.1): {@code type/subtype} in lower case and its
 * parameters, names lower-cased, values unquoted. Quoted boundaries (JavaMail style {@code
 * boundary="----=_Part_1"}) come out without their quotes.
 */
public record ContentType(String mediaType, Map<String, String> parameters) {

  public ContentType {
    parameters = Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
  }

  /**
   * @throws MalformedBodyException when there is no {@code type/subtype}
   */
  public static ContentType parse(String header) {
    if (header == null || header.isBlank()) {
      throw new MalformedBodyException("missing Content-Type");
    }
    int semicolon = indexOfUnquoted(header, ';', 0);
    String type =
        (semicolon < 0 ? header : header.substring(0, semicolon)).trim().toLowerCase(Locale.ROOT);
    int slash = type.indexOf('/');
    if (slash <= 0 || slash == type.length() - 1 || type.indexOf(' ') >= 0) {
      throw new MalformedBodyException(
          "Content-Type '" + abbreviate(header) + "' is not type/subtype");
    }
    Map<String, String> params = new LinkedHashMap<>();
    int pos = semicolon;
    while (pos >= 0 && pos < header.length()) {
      int next = indexOfUnquoted(header, ';', pos + 1);
      String param =
          (next < 0 ? header.substring(pos + 1) : header.substring(pos + 1, next)).trim();
      pos = next;
      int eq = param.indexOf('=');
      if (param.isEmpty() || eq <= 0) {
        continue; // stray ';' or a flag without value: nothing a body reader needs
      }
      String name = param.substring(0, eq).trim().toLowerCase(Locale.ROOT);
      params.put(name, unquote(param.substring(eq + 1).trim()));
    }
    return new ContentType(type, params);
  }

  public boolean is(String type) {
    return mediaType.equals(type);
  }

  public boolean isMultipart() {
    return mediaType.startsWith("multipart/");
  }

  public String parameter(String name) {
    return parameters.get(name.toLowerCase(Locale.ROOT));
  }

  private static int indexOfUnquoted(String s, char wanted, int from) {
    boolean quoted = false;
    for (int i = from; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '"') {
        quoted = !quoted;
      } else if (c == '\\' && quoted) {
        i++;
      } else if (c == wanted && !quoted) {
        return i;
      }
    }
    return -1;
  }

  private static String unquote(String value) {
    if (value.length() >= 2 && value.charAt(0) == '"' && value.charAt(value.length() - 1) == '"') {
      StringBuilder out = new StringBuilder(value.length());
      for (int i = 1; i < value.length() - 1; i++) {
        char c = value.charAt(i);
        if (c == '\\' && i + 1 < value.length() - 1) {
          c = value.charAt(++i);
        }
        out.append(c);
      }
      return out.toString();
    }
    return value;
  }

  static String abbreviate(String s) {
    return s.length() <= 60 ? s : s.substring(0, 57) + "...";
  }
}
