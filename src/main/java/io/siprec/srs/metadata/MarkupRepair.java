package io.siprec.srs.metadata;

import io.siprec.srs.session.metadata.MetadataRepair;
import java.util.EnumSet;
import java.util.List;

/**
 * Repairs the faults SRCs are known to write into metadata text that make it not well-formed (XML
 * 1.0, 5th edition): a {@code &} that starts no reference (§4.1: a caller name "AT&T" from a
 * lookup, Cisco), a {@code <} in character data (§2.4: "1 < 2", "Bob <sip:bob@...>"), and attribute
 * values without quotes (§3.1 requires them: Oracle's printed sample). Used only on a document the
 * parser refused; a well-formed document is never changed.
 *
 * <p>One pass, linear in the text: a start or end tag is recognised without ever looking past the
 * next {@code <} (XML allows none inside a tag, quoted values included), so a {@code <} that turns
 * out to start no tag costs at most the scan to that next {@code <}, once; a comment, CDATA section
 * or processing instruction without its terminator is remembered, so the search for it is made
 * once. Nothing else is changed: line numbers stay those of the document as received, and a DOCTYPE
 * stays where it is, for the parser to refuse.
 */
final class MarkupRepair {
  /** Longest reference we take as one: {@code &#x10FFFF;} and the predefined entity names fit. */
  private static final int MAX_REFERENCE = 10;

  private static final List<String> PREDEFINED = List.of("amp", "lt", "gt", "quot", "apos");

  private final String in;
  private final StringBuilder out;
  private final EnumSet<MetadataRepair> applied = EnumSet.noneOf(MetadataRepair.class);

  /** Searches for these terminators failed from these positions on: no need to search again. */
  private int noCommentEndFrom = Integer.MAX_VALUE;

  private int noCdataEndFrom = Integer.MAX_VALUE;
  private int noPiEndFrom = Integer.MAX_VALUE;

  /** No '>' after this: a '<' there starts a tag cut short (a truncated document), not text. */
  private final int lastGreaterThan;

  /** The repaired text and what was repaired (empty: nothing this class knows applied). */
  record Result(String text, List<MetadataRepair> applied) {}

  private MarkupRepair(String in) {
    this.in = in;
    this.out = new StringBuilder(in.length() + 64);
    this.lastGreaterThan = in.lastIndexOf('>');
  }

  static Result repair(String text) {
    MarkupRepair r = new MarkupRepair(text);
    r.run();
    return new Result(r.out.toString(), List.copyOf(r.applied));
  }

  private void run() {
    int i = 0;
    int n = in.length();
    while (i < n) {
      char c = in.charAt(i);
      if (c == '&') {
        i = ampersand(i, out);
      } else if (c == '<') {
        i = lessThan(i);
      } else {
        out.append(c);
        i++;
      }
    }
  }

  /** Copies a reference as it is, or escapes a raw {@code &}. @return where to go on */
  private int ampersand(int at, StringBuilder to) {
    int end = referenceEnd(at);
    if (end > 0) {
      to.append(in, at, end);
      return end;
    }
    to.append("&amp;");
    applied.add(MetadataRepair.RAW_AMPERSAND);
    return at + 1;
  }

  /**
   * The end of the reference starting at {@code at} (XML §4.1: {@code &#digits;}, {@code &#xhex;},
   * or one of the five predefined entities, the only ones a document without a DOCTYPE has), or -1.
   */
  private int referenceEnd(int at) {
    int limit = Math.min(in.length(), at + MAX_REFERENCE + 2);
    int semicolon = -1;
    for (int j = at + 1; j < limit; j++) {
      if (in.charAt(j) == ';') {
        semicolon = j;
        break;
      }
    }
    if (semicolon < 0) {
      return -1;
    }
    String body = in.substring(at + 1, semicolon);
    if (PREDEFINED.contains(body)
        || body.matches("#[0-9]{1,8}")
        || body.matches("#x[0-9a-fA-F]{1,6}")) {
      return semicolon + 1;
    }
    return -1;
  }

  private int lessThan(int at) {
    if (at > lastGreaterThan) {
      out.append('<'); // the document was cut short here: no repair makes it whole
      return at + 1;
    }
    if (in.startsWith("<!--", at)) {
      return skipTo(at, "-->", 0);
    }
    if (in.startsWith("<![CDATA[", at)) {
      return skipTo(at, "]]>", 1);
    }
    if (in.startsWith("<?", at)) {
      return skipTo(at, "?>", 2);
    }
    if (in.startsWith("<!", at)) {
      out.append('<'); // a DOCTYPE: left for the parser, which refuses it
      return at + 1;
    }
    StringBuilder tag = new StringBuilder();
    int end = in.startsWith("</", at) ? endTag(at, tag) : startTag(at, tag);
    if (end > 0) {
      out.append(tag);
      return end;
    }
    out.append("&lt;");
    applied.add(MetadataRepair.RAW_LESS_THAN);
    return at + 1;
  }

  /** Copies markup up to its terminator; without one, the {@code <} is text. */
  private int skipTo(int at, String terminator, int which) {
    int noEndFrom = which == 0 ? noCommentEndFrom : which == 1 ? noCdataEndFrom : noPiEndFrom;
    int end = at >= noEndFrom ? -1 : in.indexOf(terminator, at + 2);
    if (end < 0) {
      if (which == 0) {
        noCommentEndFrom = Math.min(noCommentEndFrom, at);
      } else if (which == 1) {
        noCdataEndFrom = Math.min(noCdataEndFrom, at);
      } else {
        noPiEndFrom = Math.min(noPiEndFrom, at);
      }
      out.append("&lt;");
      applied.add(MetadataRepair.RAW_LESS_THAN);
      return at + 1;
    }
    end += terminator.length();
    out.append(in, at, end);
    return end;
  }

  /** {@code </Name S? >} (XML §3.1). @return the index after it, or -1 */
  private int endTag(int at, StringBuilder tag) {
    int i = name(at + 2);
    if (i < 0) {
      return -1;
    }
    i = spaces(i);
    if (i >= in.length() || in.charAt(i) != '>') {
      return -1;
    }
    tag.append(in, at, i + 1);
    return i + 1;
  }

  /**
   * {@code <Name (S Attribute)* S? /?>} (XML §3.1), each attribute value quoted in the copy. Stops
   * at any {@code <}: none may appear inside a tag. @return the index after it, or -1
   */
  private int startTag(int at, StringBuilder tag) {
    int i = name(at + 1);
    if (i < 0) {
      return -1;
    }
    tag.append(in, at, i);
    boolean unquoted = false;
    while (true) {
      int afterSpace = spaces(i);
      if (afterSpace >= in.length()) {
        return -1;
      }
      char c = in.charAt(afterSpace);
      if (c == '>') {
        tag.append(in, i, afterSpace + 1);
        i = afterSpace + 1;
        break;
      }
      if (c == '/' && afterSpace + 1 < in.length() && in.charAt(afterSpace + 1) == '>') {
        tag.append(in, i, afterSpace + 2);
        i = afterSpace + 2;
        break;
      }
      if (afterSpace == i) {
        return -1; // attributes are separated by white space
      }
      int nameEnd = name(afterSpace);
      if (nameEnd < 0) {
        return -1;
      }
      int eq = spaces(nameEnd);
      if (eq >= in.length() || in.charAt(eq) != '=') {
        return -1;
      }
      int value = spaces(eq + 1);
      if (value >= in.length()) {
        return -1;
      }
      tag.append(in, i, value);
      char quote = in.charAt(value);
      int next;
      if (quote == '"' || quote == '\'') {
        tag.append(quote);
        next = quotedValue(value + 1, quote, tag);
      } else {
        tag.append('"');
        next = unquotedValue(value, tag);
        unquoted = true;
      }
      if (next < 0) {
        return -1;
      }
      i = next;
    }
    if (unquoted) {
      applied.add(MetadataRepair.UNQUOTED_ATTRIBUTE);
    }
    return i;
  }

  /** A quoted value up to its closing quote, {@code &} repaired; fails at a {@code <}. */
  private int quotedValue(int from, char quote, StringBuilder tag) {
    int i = from;
    while (i < in.length()) {
      char c = in.charAt(i);
      if (c == quote) {
        tag.append(c);
        return i + 1;
      }
      if (c == '<') {
        return -1;
      }
      if (c == '&') {
        i = ampersand(i, tag);
      } else {
        tag.append(c);
        i++;
      }
    }
    return -1;
  }

  /**
   * An unquoted value: up to white space or {@code >}; a {@code /} right before {@code >} closes an
   * empty element rather than ending the value ({@code <nameID aor=sip:a@b/>}).
   */
  private int unquotedValue(int from, StringBuilder tag) {
    int i = from;
    while (i < in.length()) {
      char c = in.charAt(i);
      if (isSpace(c) || c == '>' || (c == '/' && i + 1 < in.length() && in.charAt(i + 1) == '>')) {
        break;
      }
      if (c == '<' || c == '"' || c == '\'' || c == '=' || c == '`') {
        return -1;
      }
      if (c == '&') {
        i = ampersand(i, tag);
      } else {
        tag.append(c);
        i++;
      }
    }
    if (i == from) {
      return -1;
    }
    tag.append('"');
    return i;
  }

  /** The end of an XML name starting at {@code from} (§2.3, letters taken broadly), or -1. */
  private int name(int from) {
    if (from >= in.length() || !isNameStart(in.charAt(from))) {
      return -1;
    }
    int i = from + 1;
    while (i < in.length() && isNameChar(in.charAt(i))) {
      i++;
    }
    return i;
  }

  private int spaces(int from) {
    int i = from;
    while (i < in.length() && isSpace(in.charAt(i))) {
      i++;
    }
    return i;
  }

  private static boolean isSpace(char c) {
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
  }

  private static boolean isNameStart(char c) {
    return Character.isLetter(c) || c == '_' || c == ':';
  }

  private static boolean isNameChar(char c) {
    return isNameStart(c) || Character.isDigit(c) || c == '-' || c == '.' || c == '\u00b7';
  }
}
