package io.siprec.srs.offer.body;

import java.nio.charset.StandardCharsets;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Frames a {@code multipart/*} body (RFC 2046 §5.1) into its parts, tolerating what real SRCs send:
 * bare LF line ends (AudioCodes), part headers without a space after the colon (BroadWorks),
 * whitespace after a delimiter (Oracle), a missing closing delimiter (Ribbon, SEMS), a preamble,
 * and any order of parts. Works on bytes: a part's content is never re-encoded.
 */
public final class MultipartBody {
  /** More parts than this is not a SIPREC body but an attack on the parser. */
  static final int MAX_PARTS = 32;

  private final List<BodyPart> parts;
  private final boolean closed;

  private MultipartBody(List<BodyPart> parts, boolean closed) {
    this.parts = List.copyOf(parts);
    this.closed = closed;
  }

  public List<BodyPart> parts() {
    return parts;
  }

  /** False when the body ended without its closing delimiter (tolerated). */
  public boolean isClosed() {
    return closed;
  }

  /**
   * @throws MalformedBodyException when there is no boundary, the boundary never occurs, a part's
   *     header block is not headers, or there are too many parts
   */
  public static MultipartBody frame(ContentType type, byte[] body) {
    String boundary = type.parameter("boundary");
    if (boundary == null || boundary.isEmpty()) {
      throw new MalformedBodyException("multipart body without boundary parameter");
    }
    if (boundary.length() > 200) {
      throw new MalformedBodyException("multipart boundary longer than 200 characters");
    }
    byte[] delimiter = ("--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
    List<Delimiter> delimiters = findDelimiters(body, delimiter);
    if (delimiters.isEmpty()) {
      throw new MalformedBodyException(
          "multipart boundary '" + ContentType.abbreviate(boundary) + "' not found in body");
    }
    List<BodyPart> parts = new ArrayList<>();
    boolean closed = false;
    for (int i = 0; i < delimiters.size(); i++) {
      Delimiter d = delimiters.get(i);
      if (d.closing) {
        closed = true;
        break; // anything after the closing delimiter is epilogue
      }
      int end;
      if (i + 1 < delimiters.size()) {
        end = lineBreakStart(body, delimiters.get(i + 1).start);
      } else {
        end = trimTrailingLineBreaks(body, d.contentStart, body.length);
      }
      if (parts.size() == MAX_PARTS) {
        throw new MalformedBodyException("multipart body with more than " + MAX_PARTS + " parts");
      }
      parts.add(parsePart(body, d.contentStart, Math.max(end, d.contentStart), parts.size() + 1));
    }
    if (parts.isEmpty()) {
      throw new MalformedBodyException("multipart body has no parts");
    }
    return new MultipartBody(parts, closed);
  }

  private record Delimiter(int start, int contentStart, boolean closing) {}

  private static List<Delimiter> findDelimiters(byte[] body, byte[] delimiter) {
    List<Delimiter> found = new ArrayList<>();
    int from = 0;
    while (true) {
      int at = indexOf(body, delimiter, from);
      if (at < 0) {
        return found;
      }
      from = at + 1;
      if (at > 0 && body[at - 1] != '\n') {
        continue; // a delimiter starts a line
      }
      int p = at + delimiter.length;
      boolean closing = p + 1 < body.length && body[p] == '-' && body[p + 1] == '-';
      if (closing) {
        p += 2;
      }
      while (p < body.length && (body[p] == ' ' || body[p] == '\t')) {
        p++; // transport padding
      }
      if (p < body.length && body[p] == '\r' && p + 1 < body.length && body[p + 1] == '\n') {
        p += 2;
      } else if (p < body.length && body[p] == '\n') {
        p += 1;
      } else if (p < body.length && !closing) {
        continue; // "--boundaryX": a longer string that merely starts with the boundary
      }
      found.add(new Delimiter(at, Math.min(p, body.length), closing));
      if (closing) {
        return found;
      }
    }
  }

  private static BodyPart parsePart(byte[] body, int start, int end, int number) {
    List<Map.Entry<String, String>> headers = new ArrayList<>();
    int p = start;
    while (p < end) {
      int lineEnd = indexOf(body, (byte) '\n', p, end);
      int next = lineEnd < 0 ? end : lineEnd + 1;
      int contentEnd =
          lineEnd < 0 ? end : (lineEnd > p && body[lineEnd - 1] == '\r' ? lineEnd - 1 : lineEnd);
      if (contentEnd == p) {
        p = next; // the blank line: content follows
        return newPart(headers, Arrays.copyOfRange(body, p, end));
      }
      String line = new String(body, p, contentEnd - p, StandardCharsets.ISO_8859_1);
      if ((line.charAt(0) == ' ' || line.charAt(0) == '\t') && !headers.isEmpty()) {
        Map.Entry<String, String> last = headers.remove(headers.size() - 1);
        headers.add(
            new AbstractMap.SimpleImmutableEntry<>(
                last.getKey(), last.getValue() + " " + line.trim()));
      } else {
        int colon = line.indexOf(':');
        if (colon <= 0) {
          throw new MalformedBodyException(
              "multipart part " + number + " has no blank line after its headers");
        }
        headers.add(
            new AbstractMap.SimpleImmutableEntry<>(
                line.substring(0, colon).trim(), line.substring(colon + 1).trim()));
      }
      p = next;
    }
    return newPart(headers, new byte[0]);
  }

  private static BodyPart newPart(List<Map.Entry<String, String>> headers, byte[] content) {
    String type = null;
    String disposition = null;
    for (Map.Entry<String, String> h : headers) {
      if (type == null && h.getKey().equalsIgnoreCase("Content-Type")) {
        type = h.getValue();
      } else if (disposition == null && h.getKey().equalsIgnoreCase("Content-Disposition")) {
        disposition = h.getValue();
      }
    }
    ContentType contentType =
        type == null ? new ContentType("text/plain", Map.of()) : ContentType.parse(type);
    return new BodyPart(headers, contentType, BodyPart.dispositionType(disposition), content);
  }

  /** Where the line break that precedes a delimiter starts (it belongs to the delimiter). */
  private static int lineBreakStart(byte[] body, int delimiterStart) {
    int p = delimiterStart;
    if (p > 0 && body[p - 1] == '\n') {
      p--;
      if (p > 0 && body[p - 1] == '\r') {
        p--;
      }
    }
    return p;
  }

  private static int trimTrailingLineBreaks(byte[] body, int start, int end) {
    while (end > start && (body[end - 1] == '\n' || body[end - 1] == '\r')) {
      end--;
    }
    return end;
  }

  static int indexOf(byte[] haystack, byte[] needle, int from) {
    outer:
    for (int i = from; i <= haystack.length - needle.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  private static int indexOf(byte[] haystack, byte b, int from, int to) {
    for (int i = from; i < to; i++) {
      if (haystack[i] == b) {
        return i;
      }
    }
    return -1;
  }
}
