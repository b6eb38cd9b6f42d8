package io.siprec.srs.admin.web;

import java.util.Locale;

/**
 * One byte range of a file, {@code first} to {@code last} inclusive, and what a request's {@code
 * Range} header asks of a file of a given length (RFC 9110 section 14: single ranges only).
 */
record ByteRange(long first, long last) {

  /** What to answer a request. */
  sealed interface Asked permits Whole, Part, Unsatisfiable {}

  /** 200 with the whole file: no Range header, or one this server ignores (RFC 9110 §14.2). */
  record Whole() implements Asked {}

  /** 206 with this range (RFC 9110 §15.3.7). */
  record Part(ByteRange range) implements Asked {}

  /** 416 (RFC 9110 §15.5.17): no byte of the file lies in the range asked. */
  record Unsatisfiable() implements Asked {}

  /** Digits beyond this many could overflow a long: such a position is past any file's end. */
  private static final int MAX_DIGITS = 18;

  ByteRange {
    if (first < 0 || last < first) {
      throw new IllegalArgumentException("not a byte range: " + first + "-" + last);
    }
  }

  long length() {
    return last - first + 1;
  }

  /** The Content-Range of a 206 (RFC 9110 §14.4): {@code bytes first-last/complete}. */
  String contentRange(long complete) {
    return "bytes " + first + "-" + last + "/" + complete;
  }

  /** The Content-Range of a 416 (RFC 9110 §14.4): {@code bytes * /complete}. */
  static String unsatisfied(long complete) {
    return "bytes */" + complete;
  }

  /**
   * Reads a Range header (RFC 9110 §14.1.2: {@code bytes=first-last}, {@code bytes=first-} or the
   * suffix {@code bytes=-n}) against a file of {@code length} bytes. Ignored, so the whole file is
   * sent, as §14.2 allows: another unit, a list of ranges, a specifier that does not parse or whose
   * last position is before its first. A last position at or past the end means the end (§14.1.1).
   *
   * @param header the header's value, null when the request has none
   */
  static Asked parse(String header, long length) {
    if (header == null) {
      return new Whole();
    }
    String value = header.strip();
    int eq = value.indexOf('=');
    // The range unit is case-insensitive (RFC 9110 §14.1).
    if (eq < 0 || !value.substring(0, eq).strip().toLowerCase(Locale.ROOT).equals("bytes")) {
      return new Whole();
    }
    String spec = value.substring(eq + 1).strip();
    if (spec.indexOf(',') >= 0) {
      return new Whole();
    }
    int dash = spec.indexOf('-');
    if (dash < 0) {
      return new Whole();
    }
    String firstText = spec.substring(0, dash);
    String lastText = spec.substring(dash + 1);
    if (firstText.isEmpty()) {
      // suffix-range: the last n bytes; satisfiable only when n > 0 (§14.1.1).
      if (!isDigits(lastText)) {
        return new Whole();
      }
      long suffix = position(lastText);
      if (suffix == 0) {
        return new Unsatisfiable();
      }
      if (length == 0) {
        return new Whole(); // a zero-length file: the whole of it is what the suffix asks
      }
      return new Part(new ByteRange(Math.max(0, length - suffix), length - 1));
    }
    if (!isDigits(firstText) || !(lastText.isEmpty() || isDigits(lastText))) {
      return new Whole();
    }
    long first = position(firstText);
    long last = lastText.isEmpty() ? Long.MAX_VALUE : position(lastText);
    if (last < first) {
      return new Whole(); // invalid (§14.1.1): ignored
    }
    if (first >= length) {
      return new Unsatisfiable();
    }
    return new Part(new ByteRange(first, Math.min(last, length - 1)));
  }

  private static boolean isDigits(String text) {
    if (text.isEmpty()) {
      return false;
    }
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
    }
    return true;
  }

  private static long position(String digits) {
    String significant = digits.replaceFirst("^0+(?=.)", "");
    return significant.length() > MAX_DIGITS ? Long.MAX_VALUE : Long.parseLong(significant);
  }
}
